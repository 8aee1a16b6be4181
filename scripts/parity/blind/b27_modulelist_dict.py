import torch
import torch.nn as nn

class DeepNet(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.acts = nn.ModuleDict({'relu': nn.ReLU(), 'tanh': nn.Tanh()})

    def forward(self, x, act='relu'):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = self.acts[act](x)
        return x

torch.manual_seed(2)
net = DeepNet([3, 5, 4, 2])
print(net)
x = torch.randn(2, 3)
print(net(x))
print(net(x, act='tanh'))
print(len(net.layers))
print(list(net.acts.keys()))

class Wrong(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(3, 3), nn.Linear(3, 1)]

    def forward(self, x):
        for l in self.layers:
            x = l(x)
        return x

w = Wrong()
print(w)
print(len(list(w.parameters())))
print(len(list(net.parameters())))
pl = nn.ParameterList([nn.Parameter(torch.ones(2)) for _ in range(3)])
print(pl)
