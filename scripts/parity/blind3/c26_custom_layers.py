import torch
import torch.nn.functional as F
from torch import nn

class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean()

layer = CenteredLayer()
print(layer(torch.tensor([1, 2, 3, 4, 5], dtype=torch.float32)))

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(8, 128), CenteredLayer())
Y = net(torch.rand(4, 8))
print(Y.mean())
print(f'{Y.mean().item():.6f}')

class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)

linear = MyLinear(5, 3)
print(linear.weight)
print(linear(torch.rand(2, 5)))
net = nn.Sequential(MyLinear(64, 8), MyLinear(8, 1))
print(net(torch.rand(2, 64)))
print(net)

class Scale(nn.Module):
    def __init__(self, init=1.0):
        super().__init__()
        self.s = nn.Parameter(torch.tensor(init))
    def forward(self, x):
        return x * self.s
    def extra_repr(self):
        return f's={self.s.item()}'

sc = Scale(2.5)
print(sc)
out = sc(torch.ones(3)).sum()
out.backward()
print(sc.s.grad)
print(list(sc.named_parameters()))
