import torch

torch.manual_seed(0)
w = torch.randn(2, 2)
print("w:", w)
print("w[0,1] =", w[0, 1])
print("w[0,1] =", w[0, 1].item())
print("sum", w.sum(), "mean", w.mean())
print(f"max={w.max():.3f} min={w.min():.3f}")
print(w.max(dim=0))
vals, idx = w.max(dim=1)
print(vals, idx)
print(type(w.max(dim=0)))
print(torch.max(w, 1).indices)
