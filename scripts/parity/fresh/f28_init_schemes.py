import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(4, 3)
nn.init.zeros_(lin.bias)
print(lin.bias)
nn.init.constant_(lin.weight, 0.5)
print(lin.weight)
nn.init.xavier_uniform_(lin.weight)
print(lin.weight)
nn.init.kaiming_normal_(lin.weight, nonlinearity='relu')
print(lin.weight)
nn.init.normal_(lin.weight, mean=0.0, std=0.02)
print(lin.weight)
nn.init.uniform_(lin.weight, -0.1, 0.1)
print(lin.weight)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_normal_(m.weight)
        m.bias.data.fill_(0.01)
        print("init", m)

net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
net.apply(init_weights)
print(net[0].weight, net[2].bias)
print(nn.init.calculate_gain('relu'), nn.init.calculate_gain('tanh'))
