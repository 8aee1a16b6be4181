import torch

a = torch.zeros(3)
b = a
c = a.clone()
a.add_(1)
print(a, b, c)
a.mul_(3)
print(b)
a.zero_()
print(b)
x = torch.arange(6.0)
v = x.view(2, 3)
v[0, 0] = 42
print(x)
y = x[1:4]
y.fill_(-1)
print(x)
t = torch.ones(2, 2)
t += 5
print(t)
t.sub_(torch.tensor([1.0, 2.0]))
print(t)
print(t.data_ptr() == t.view(4).data_ptr())
n = t.clamp_(max=5.0)
print(n is t, t)
