import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
h.retain_grad()
out = (h ** 2).sum()
out.backward()
print(x.grad)
print(h.grad)
print(h.is_leaf, x.is_leaf)

x2 = torch.tensor([1.0, 2.0], requires_grad=True)
h2 = x2 + 1
o2 = h2.sum()
o2.backward()
print(h2.grad)

# leaf created by ops without requires_grad
c = torch.ones(2) * 3
print(c.is_leaf, c.requires_grad, c.grad_fn)
d = torch.rand(2, requires_grad=True) * 2
print(d.is_leaf)
print(type(d.grad_fn).__name__)
print(out.grad_fn.next_functions[0][0].name())
