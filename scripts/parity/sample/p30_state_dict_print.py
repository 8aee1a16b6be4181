import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
sd = model.state_dict()
print(type(sd))
print(sd.keys())
for k, v in sd.items():
    print(k, "\t", v.size())
print(sd['0.bias'])
print(len(sd))
