import torch

a = torch.eye(2, requires_grad=True)
b = torch.linspace(0, 1, 3, requires_grad=True)
c = torch.arange(3., requires_grad=True)
d = torch.full((2,), 3., requires_grad=True)
e = torch.zeros_like(b, requires_grad=True)
for t in (a, b, c, d, e):
    print(t)
out = torch.empty(2, 2)
torch.matmul(torch.ones(2, 2), torch.ones(2, 2), out=out)
print(out)
b2 = torch.tensor([1., 2.], requires_grad=True)
r = 2 * b2
print(r.grad_fn, r.grad_fn.next_functions)
r2 = b2 * 2
print(r2.grad_fn.next_functions)
