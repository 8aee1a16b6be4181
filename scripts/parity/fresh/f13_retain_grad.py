import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x * 3
h.retain_grad()
y = (h ** 2).mean()
y.backward()
print(h.grad)
print(x.grad)
z = x + 1
q = (z * z).sum()
q.backward()
print(z.grad)
print(x.grad)
