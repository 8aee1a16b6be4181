import torch
a = torch.ones(2, 3)
b = torch.ones(3, 2)
a @ b
a.t().reshape(6)
a.t().is_contiguous()
def show(t):
    print(t.shape, t.dtype, t.stride())

show(a)
show(a.t())
for name, t in [("a", a), ("b", b)]:
    print(name, t.sum().item())

c = torch.tensor([1.0, 2.0], requires_grad=True)
c.detach().numpy()
torch.zeros(2).long() + 0.5
errors = {}
try:
    a + b
except RuntimeError as e:
    errors["add"] = str(e)

errors
a.t().view(6)
