import torch
import torch.nn as nn
import torch.nn.functional as F

pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
loss_fn = nn.MSELoss()
print(loss_fn)
print(loss_fn(pred, target))
print(nn.MSELoss(reduction='sum')(pred, target))
print(nn.MSELoss(reduction='none')(pred, target))
print(F.mse_loss(pred, target).item())
print(nn.L1Loss()(pred, target))
print(nn.SmoothL1Loss()(pred, target))
print(nn.HuberLoss(delta=0.5)(pred, target))

torch.manual_seed(0)
p = torch.randn(4, 3, requires_grad=True)
t = torch.randn(4, 3)
l = F.mse_loss(p, t)
l.backward()
print(l)
print(p.grad)
manual = ((p - t) ** 2).mean()
print(torch.allclose(l, manual))

p2 = torch.randn(4, 1)
t2 = torch.randn(4)
out = F.mse_loss(p2, t2)  # common mistake: (4,1) vs (4,)
print(out)
print(F.mse_loss(p2.squeeze(1), t2))
