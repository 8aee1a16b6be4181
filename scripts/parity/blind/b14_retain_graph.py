import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x ** 2).sum()
y.backward(retain_graph=True)
print(x.grad)
y.backward()
print(x.grad)

z = (x.exp()).sum()
z.backward()
try:
    z.backward()
except RuntimeError as e:
    print("RuntimeError:", e)

a = torch.tensor(3.0, requires_grad=True)
b = a * a
c = b * 2
c.backward()
print(a.grad)

# torch.autograd.grad
a = torch.tensor(2.0, requires_grad=True)
f = a ** 4
(g,) = torch.autograd.grad(f, a, create_graph=True)
print(g)
(h,) = torch.autograd.grad(g, a)
print(h)
