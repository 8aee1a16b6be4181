import torch

def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c

torch.manual_seed(0)
a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print(a)
print(a.grad == d / a)
print(a.grad)

def g(x):
    return torch.where(x > 0, x ** 2, -x)

x = torch.tensor([-2.0, -0.5, 0.5, 3.0], requires_grad=True)
g(x).sum().backward()
print(x.grad)

x = torch.linspace(-2, 2, 5, requires_grad=True)
y = torch.relu(x)
y.sum().backward()
print(x.grad)
x.grad = None
torch.sigmoid(x).sum().backward()
print(x.grad)
x.grad = None
torch.abs(x).sum().backward()
print(x.grad)
