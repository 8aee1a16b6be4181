import torch

def f(x):
    return (x ** 3 - 2 * x).sum()

x = torch.tensor([0.5, 1.5, -1.0], dtype=torch.float64, requires_grad=True)
f(x).backward()
analytic = x.grad.clone()
eps = 1e-6
numeric = torch.zeros(3, dtype=torch.float64)
for i in range(3):
    xp = x.detach().clone()
    xm = x.detach().clone()
    xp[i] += eps
    xm[i] -= eps
    numeric[i] = (f(xp) - f(xm)) / (2 * eps)
print(analytic)
print(numeric)
print((analytic - numeric).abs().max().item() < 1e-6)
print(3 * x.detach() ** 2 - 2)
