import torch

x = torch.tensor(0.5, requires_grad=True)
a = x * 4
b = torch.sin(a)
c = b ** 2
c.backward()
print(x.grad)
manual = 2 * torch.sin(torch.tensor(2.0)) * torch.cos(torch.tensor(2.0)) * 4
print(manual)
print(torch.allclose(x.grad, manual))
u = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = u.pow(2).sum().sqrt()
v.backward()
print(u.grad)
print(u / u.norm())
m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
out = m.sum(dim=0).prod()
out.backward()
print(m.grad)
