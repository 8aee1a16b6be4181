# Homework: check analytic gradients against finite differences
import torch

def f(x, W):
    return torch.tanh(x @ W).pow(2).sum()

torch.manual_seed(0)
x = torch.randn(3, 4, dtype=torch.float64)
W = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)
f(x, W).backward()
analytic = W.grad.clone()
eps = 1e-6
numeric = torch.zeros_like(W)
with torch.no_grad():
    for i in range(W.shape[0]):
        for j in range(W.shape[1]):
            Wp = W.clone(); Wp[i, j] += eps
            Wm = W.clone(); Wm[i, j] -= eps
            numeric[i, j] = (f(x, Wp) - f(x, Wm)) / (2 * eps)
rel = (analytic - numeric).abs().max() / analytic.abs().max()
print(analytic)
print(f"max relative error: {rel.item():.2e}")
print("OK" if rel < 1e-6 else "FAIL")
inp = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
print(torch.autograd.gradcheck(lambda a: torch.sigmoid(a).sum(), (inp,)))
y = (inp ** 3).sum()
g, = torch.autograd.grad(y, inp, create_graph=True)
print(torch.allclose(g, 3 * inp ** 2))
g.sum().backward()
print(torch.allclose(inp.grad, 6 * inp))
