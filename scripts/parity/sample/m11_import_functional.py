import torch
import torch.functional
import torch.nn.functional as F
from torch import optim
from torch.nn import Module, Linear

print(torch.functional.__name__ if hasattr(torch.functional, '__name__') else 'ok')
print(F.relu(torch.tensor([-1., 2.])))
print(Linear)
print(optim.SGD)
print(issubclass(Linear, Module))
