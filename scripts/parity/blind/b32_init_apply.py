import torch
import torch.nn as nn

def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
        nn.init.zeros_(m.bias)
        print("init", m)

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
ret = net.apply(init_weights)
print(ret is net)
print(net[0].weight.data[0], net[0].bias.data[0])

def my_init(m):
    if isinstance(m, nn.Linear):
        print("Init", *[(name, param.shape) for name, param in m.named_parameters()][0])
        nn.init.uniform_(m.weight, -10, 10)
        m.weight.data *= m.weight.data.abs() >= 5

net.apply(my_init)
print(net[0].weight[:2])

net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0])

shared = nn.Linear(8, 8)
net2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
print(net2[2].weight.data[0] == net2[4].weight.data[0])
net2[2].weight.data[0, 0] = 100
print(net2[2].weight.data[0, 0] == net2[4].weight.data[0, 0])
print(len(list(net2.parameters())))
