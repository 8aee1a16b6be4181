import torch

w = torch.randn(3, requires_grad=True, generator=torch.Generator().manual_seed(0))
print(w.is_leaf, w.grad_fn)
try:
    w += 1
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.no_grad():
    w += 1
print(w)
try:
    w.data.fill_(0.5)
    print(w)
except RuntimeError as e:
    print(e)

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.sigmoid()
c = b * 2
b.add_(1)
try:
    c.sum().backward()
    print(a.grad)
except RuntimeError as e:
    print("RuntimeError:", e)

p = torch.tensor([1.0, 2.0], requires_grad=True)
q = p.exp()
q[0] = 0.0
try:
    q.sum().backward()
except RuntimeError as e:
    print(type(e).__name__, str(e).split(':')[0])
r = p * 1
r[0] = 0.0
r.sum().backward()
print(p.grad)
x = torch.ones(2, requires_grad=True)
y = x * 3
y.relu_()
print(y.grad_fn)
x.add_(1)
