import torch
import torch.nn as nn

torch.manual_seed(0)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)

net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
net.apply(init_weights)
print(net[0].weight)
print(net[0].bias)
print(net[2].weight)
