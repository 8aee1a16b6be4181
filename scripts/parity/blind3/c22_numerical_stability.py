import torch
from torch import nn

x = torch.arange(-8.0, 8.0, 1.0, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))
print(x.grad)
print(f"max sigmoid grad: {x.grad.max().item():.4f}")

torch.manual_seed(0)
M = torch.normal(0, 1, size=(4, 4))
print('a single matrix \n', M)
for i in range(100):
    M = M @ torch.normal(0, 1, size=(4, 4))
print('after multiplying 100 matrices\n', M)

torch.manual_seed(0)
layer = nn.Linear(100, 100)
nn.init.xavier_uniform_(layer.weight)
print(layer.weight.std().item())
bound = (6 / (100 + 100)) ** 0.5
print(f"xavier bound {bound:.6f}, max |w| {layer.weight.abs().max().item():.6f}")
nn.init.xavier_normal_(layer.weight)
print(f"{layer.weight.std().item():.6f}")
nn.init.kaiming_normal_(layer.weight, nonlinearity='relu')
print(f"{layer.weight.std().item():.6f}")
nn.init.kaiming_uniform_(layer.weight)
print(f"{layer.weight.mean().item():.6f}")

h = torch.randn(64, 100)
for depth in range(5):
    h = torch.tanh(layer(h))
    print(depth, round(h.std().item(), 5))
