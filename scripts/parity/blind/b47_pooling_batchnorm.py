import torch
import torch.nn as nn

X = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
print(nn.MaxPool2d(2)(X))
print(nn.AvgPool2d(2)(X))
print(nn.MaxPool2d(3, padding=1, stride=2)(X))
print(nn.AdaptiveAvgPool2d((1, 1))(X))
print(nn.AdaptiveMaxPool2d(2)(X))
mp = nn.MaxPool2d(2, return_indices=True)
out, idx = mp(X)
print(idx)
X2 = torch.cat((X, X + 1), 1)
print(nn.MaxPool2d(3, padding=1, stride=2)(X2).shape)

torch.manual_seed(0)
bn = nn.BatchNorm2d(2)
print(bn)
inp = torch.randn(4, 2, 3, 3) * 3 + 1
y = bn(inp)
print(y.mean(dim=(0, 2, 3)), y.std(dim=(0, 2, 3), unbiased=False))
print(bn.running_mean, bn.running_var)
print(bn.num_batches_tracked)
bn.eval()
print(bn(inp)[0, 0])
bn1 = nn.BatchNorm1d(3)
print(bn1(torch.tensor([[1.0, 2.0, 3.0], [3.0, 6.0, 9.0]])))
try:
    nn.BatchNorm1d(3)(torch.tensor([[1.0, 2.0, 3.0]]))
except ValueError as e:
    print(e)
ln = nn.LayerNorm(3)
print(ln(torch.tensor([[1.0, 2.0, 3.0], [3.0, 6.0, 9.0]])))
