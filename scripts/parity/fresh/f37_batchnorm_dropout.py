import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
x = torch.randn(6, 3) * 5 + 2
out = bn(x)
print(out.mean(0), out.std(0, unbiased=False))
print(bn.running_mean, bn.running_var)
bn.eval()
print(bn(x)[:2])
drop = nn.Dropout(p=0.5)
t = torch.ones(10)
print(drop(t))
drop.eval()
print(drop(t))
print(drop.training, bn.training)
bn2 = nn.BatchNorm2d(2)
img = torch.randn(4, 2, 3, 3)
print(bn2(img).shape)
print(bn2)
print(bn2.weight, bn2.bias)
