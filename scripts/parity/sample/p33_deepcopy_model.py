import copy
import torch
import torch.nn as nn

torch.manual_seed(1)
net = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
target_net = copy.deepcopy(net)
print(target_net)
print(target_net[0].weight is net[0].weight)
print(torch.equal(target_net[0].weight, net[0].weight))
with torch.no_grad():
    net[0].weight.add_(1.0)
print(net[0].weight)
print(target_net[0].weight)
print(type(target_net[0].weight))
print(target_net[0].weight.requires_grad)
shallow = copy.copy(net)
print(shallow[0] is net[0])
