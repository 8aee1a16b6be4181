import torch
import torch.nn as nn

x = torch.ones(3)
print(torch.sum(x))
try:
    torch.summ(x)
except AttributeError as e:
    print(e)
try:
    nn.Linaer(2, 3)
except AttributeError as e:
    print(e)
import torch.nn.functional as F
try:
    F.relu6x(x)
except AttributeError as e:
    print(e)
print(hasattr(torch, 'sum'), hasattr(torch, 'summ'), hasattr(torch.Tensor, 'anything'))
y = torch.relu_(x).sofmax(0)
