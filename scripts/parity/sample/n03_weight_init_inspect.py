import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(10, 20), nn.Tanh(), nn.Linear(20, 5))
for name, p in net.named_parameters():
    print(name, tuple(p.shape), f"mean={p.mean().item():.4f}", f"std={p.std().item():.4f}")

bound = 1 / (10 ** 0.5)
print(net[0].weight.min() >= -bound, net[0].weight.max() <= bound)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)

net.apply(init_weights)
print(net[0].bias)
print(net[2].weight.std())
print(sum(p.numel() for p in net.parameters()))
nn.init.kaiming_uniform_(net[0].weight, nonlinearity='relu')
print(net[0].weight[0])
nn.init.constant_(net[2].bias, 0.1)
print(net[2].bias)
