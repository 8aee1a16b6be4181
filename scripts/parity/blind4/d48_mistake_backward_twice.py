import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x.exp() * 2).sum()
y.backward()
print(x.grad)
try:
    y.backward()
except RuntimeError as e:
    print(e)
z = (x ** 2).sum()
z.backward(retain_graph=True)
z.backward()
print(x.grad)
v = x * 2
try:
    v.backward()
except RuntimeError as e:
    print(e)
w = torch.tensor([1.0, 2.0])
try:
    (w * 3).sum().backward()
except RuntimeError as e:
    print(e)
print(torch.tensor(2.0, requires_grad=True).grad)
