import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
print(bn)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
x = torch.randn(8, 3) * 2 + 5
out = bn(x)
print(out.mean(0), out.std(0, unbiased=False))
print(bn.running_mean)
print(bn.running_var)
print(bn.num_batches_tracked)
bn.eval()
out_eval = bn(x)
print(out_eval[:2])
print(list(bn.state_dict().keys()))
bn2 = nn.BatchNorm2d(2)
img = torch.randn(4, 2, 3, 3)
print(bn2(img).shape, bn2.running_mean)
