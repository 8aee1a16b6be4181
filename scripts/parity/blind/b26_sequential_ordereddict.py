from collections import OrderedDict
import torch
import torch.nn as nn

torch.manual_seed(1)
model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(4, 8)),
    ('act1', nn.ReLU()),
    ('drop', nn.Dropout(p=0.2)),
    ('fc2', nn.Linear(8, 3)),
]))
print(model)
print(model.fc1)
print(model[0] is model.fc1)
print(model[-1])
print(len(model))
print(model[:2])
x = torch.randn(5, 4)
model.eval()
y = model(x)
print(y)
model.add_module('softmax', nn.Softmax(dim=1))
print(model)
print(model(x).sum(dim=1))
plain = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
print(plain)
for i, layer in enumerate(plain):
    print(i, layer)
plain.append(nn.Sigmoid())
print(plain)
