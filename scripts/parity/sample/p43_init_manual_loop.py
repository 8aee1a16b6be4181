import math
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
for m in model.modules():
    if type(m) == nn.Linear:
        fan_in = m.weight.size(1)
        bound = 1 / math.sqrt(fan_in)
        with torch.no_grad():
            m.weight.normal_(0, bound)
            m.bias.zero_()
print(model[0].weight.mean().item())
print(model[2].weight)
for p in model.parameters():
    print(p.shape, p.abs().max())
