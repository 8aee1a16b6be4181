import torch

x = torch.tensor(3.0, requires_grad=True)
y = x ** 2 + 2 * x + 1
print(y)
y.backward()
print(x.grad)
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
out = (w * w).sum()
print(out, out.grad_fn)
out.backward()
print(w.grad)
print(w.is_leaf, out.is_leaf)
print(out.requires_grad)
a = torch.tensor([2.0], requires_grad=True)
b = torch.exp(a) * torch.sin(a)
b.backward()
print(a.grad)
print(f"grad = {a.grad.item():.6f}")
