import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 1)
data = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(data.dtype)
try:
    layer(data)
except RuntimeError as e:
    print(e)
print(layer(data.float()))
