import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()
print(x.grad)
try:
    y.backward()
except RuntimeError as e:
    print(e)

try:
    x.numpy()
except RuntimeError as e:
    print(e)
print(x.detach().numpy())

try:
    x += 1
except RuntimeError as e:
    print(e)

z = x * 2
try:
    z.backward()
except RuntimeError as e:
    print(e)

a = torch.ones(2, 2, requires_grad=True)
b = a.exp()
b.add_(1)
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)

c = torch.tensor([1.0, 2.0])
try:
    c.sum().backward()
except RuntimeError as e:
    print(e)

w = torch.tensor(2.0, requires_grad=True)
with torch.no_grad():
    out = w * 3
try:
    out.backward()
except RuntimeError as e:
    print(e)

w = torch.tensor(2.0, requires_grad=True)
loss = w * 3
print(loss.item(), loss)
print(float(loss))
