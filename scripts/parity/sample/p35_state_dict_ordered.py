from collections import OrderedDict
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(4, 3)),
    ('act', nn.ReLU()),
    ('fc2', nn.Linear(3, 1)),
]))
print(model)
print(list(model.state_dict()))
print(model.fc1)
sd = model.state_dict()
print(isinstance(sd, OrderedDict), isinstance(sd, dict))
new_sd = OrderedDict((k.replace('fc', 'layer'), v) for k, v in sd.items())
print(list(new_sd.keys()))
print(new_sd)
