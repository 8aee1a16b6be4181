import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(2, 2)
print(type(lin))
print(type(lin.weight))
print(type(torch.ones(1)))
print(type(torch.ones(2).shape))
print(type(torch.optim.SGD(lin.parameters(), lr=0.1)))
print(type(torch.ones(3).max(0)))
print(lin.__class__.__name__)
print(type(nn.ReLU()), type(nn.Sequential()))
print(type(nn.Conv2d(1, 1, 1)), type(nn.MSELoss()))
print(nn.Linear.__name__, nn.Linear.__module__)
print(type(torch.float32))
print(type(torch.device('cpu')))
print(type(lin).__qualname__)
print(isinstance(lin.weight, torch.Tensor), isinstance(lin.weight, nn.Parameter))
