import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 5), nn.ReLU(), nn.Linear(6, 1))
x = torch.randn(3, 10)
print(model[0](x).shape)
out = model(x)
print(out)
