import torch

x = torch.ones(3)
print(id(x) == id(x.add_(1)))
print(x)
x.mul_(3)
print(x)
x.sub_(torch.tensor([1.0, 2.0, 3.0]))
print(x)
x.zero_()
print(x)
x.fill_(2.5)
print(x)
y = torch.arange(6, dtype=torch.float32).view(2, 3)
y.clamp_(min=1, max=4)
print(y)
y.t_()
print(y, y.shape)
z = torch.zeros(2, 3)
z.copy_(torch.tensor([1.0, 2.0, 3.0]))
print(z)
w = torch.tensor([1, 2, 3])
try:
    w.div_(2)
except RuntimeError as e:
    print(e)
w2 = torch.tensor([4.0, 9.0, 16.0])
w2.sqrt_()
print(w2)
a = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    a.add_(1)
except RuntimeError as e:
    print(e)
with torch.no_grad():
    a.add_(1)
print(a)
v = torch.zeros(4)
v[1:3] += 5
print(v)
