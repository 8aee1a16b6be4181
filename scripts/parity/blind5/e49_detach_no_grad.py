import torch

torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
y = x ** 2
d = y.detach()
print(d.requires_grad, d.grad_fn, y.grad_fn)
d[0] = 100.0
print(y)
with torch.no_grad():
    z = x * 2
print(z.requires_grad, z.is_leaf)

a = torch.tensor([2.0], requires_grad=True)
b = a * a
c = b.detach() * a
c.backward()
print(a.grad)
a.grad = None
(b * a).backward()
print(a.grad)

try:
    y.numpy()
except RuntimeError as e:
    print(e)
print(y.detach().numpy())
print(y.detach().cpu().numpy().tolist())
try:
    x.requires_grad_(False)
    print(x.requires_grad)
except RuntimeError as e:
    print(e)
try:
    y.requires_grad_(False)
except RuntimeError as e:
    print(e)
print(x.clone().requires_grad, x.detach().clone().requires_grad)
