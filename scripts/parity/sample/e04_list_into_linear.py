import torch
import torch.nn as nn

layer = nn.Linear(2, 2)
print(layer(torch.tensor([1., 2.])).shape)
out = layer([1., 2.])
