import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
y.backward(torch.tensor([1.0, 0.1, 0.01]))
print(x.grad)
try:
    x2 = torch.tensor([1.0, 2.0], requires_grad=True)
    (x2 * 3).backward()
except RuntimeError as e:
    print(e)
g = torch.autograd.grad((x ** 3).sum(), x)
print(g)
x3 = torch.tensor(2.0, requires_grad=True)
y3 = x3 ** 3
(dy,) = torch.autograd.grad(y3, x3, create_graph=True)
print(dy)
(d2,) = torch.autograd.grad(dy, x3)
print(d2)
