import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
print(net._modules)
print(net[0]._parameters.keys())
print(type(net._modules).__name__)
print(list(net._modules.keys()))
bn = nn.BatchNorm1d(2)
print(bn._buffers.keys())
print(dict(net.named_children()).keys())
print([n for n, _ in net.named_parameters()])
print(net[0]._parameters['bias'])
