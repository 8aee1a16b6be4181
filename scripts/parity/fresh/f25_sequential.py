import torch
from torch import nn
from collections import OrderedDict

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(10, 16),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(16, 2),
)
print(model)
print(model[0])
print(model[-1].weight.shape)
print(len(model))
m2 = nn.Sequential(OrderedDict([
    ("hidden", nn.Linear(3, 5)),
    ("act", nn.Sigmoid()),
    ("out", nn.Linear(5, 1)),
]))
print(m2)
print(m2.hidden)
out = m2(torch.ones(2, 3))
print(out)
print(model[:2])
model.append(nn.Softmax(dim=1))
print(model)
