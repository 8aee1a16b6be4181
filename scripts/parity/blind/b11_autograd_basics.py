import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3 + 2 * x
y.backward()
print(x.grad)
print(y)
print(y.grad_fn)
print(x.is_leaf, y.is_leaf)
print(x.requires_grad, y.requires_grad)

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
inp = torch.tensor([0.1, 0.2, 0.3])
out = (w * inp).sum() + b
out.backward()
print(w.grad, b.grad)

# d2l: y = 2 x^T x
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
print(y)
y.backward()
print(x.grad)
print(x.grad == 4 * x)
x.grad.zero_()
y = x.sum()
y.backward()
print(x.grad)
