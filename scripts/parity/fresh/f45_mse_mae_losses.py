import torch
import torch.nn as nn
import torch.nn.functional as F

pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
print(nn.MSELoss()(pred, target))
print(nn.L1Loss()(pred, target))
print(F.mse_loss(pred, target, reduction='sum'))
print(((pred - target) ** 2).mean())
print(nn.SmoothL1Loss()(pred, target))
print(nn.HuberLoss(delta=0.5)(pred, target))
p = torch.tensor([0.9, 0.2, 0.6])
t = torch.tensor([1.0, 0.0, 1.0])
print(nn.BCELoss()(p, t))
logits = torch.tensor([2.0, -1.0, 0.5])
print(nn.BCEWithLogitsLoss()(logits, t))
print(F.binary_cross_entropy(torch.sigmoid(logits), t))
print(nn.MSELoss(reduction='none')(pred, target))
