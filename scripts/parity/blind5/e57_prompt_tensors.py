import torch
torch.manual_seed(0)
x = torch.rand(2, 3)
x
x.shape
x.sum()
x.sum(dim=0)
x.mean().item()
x.T
x[0]
x[:, 1]
x > 0.5
x[x > 0.5]
torch.where(x > 0.5, x, torch.zeros_like(x))
y = torch.arange(6).reshape(2, 3)
y
y * x
y.dtype
(y * x).dtype
y.float() / 4
torch.cat([y, y], dim=0).shape
torch.stack([y, y]).shape
y.tolist()
len(y)
_
