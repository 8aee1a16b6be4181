import torch
import torch.nn as nn

class DeepMLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.act = nn.ReLU()

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = self.act(x)
        return x

torch.manual_seed(5)
model = DeepMLP([3, 6, 6, 2])
print(model)
print(len(model.layers))
x = torch.randn(4, 3)
print(model(x))
d = nn.ModuleDict({'enc': nn.Linear(3, 2), 'dec': nn.Linear(2, 3)})
print(d)
print(d['dec'](d['enc'](x)).shape)
for k in d.keys():
    print(k, d[k].weight.shape)
seq = nn.Sequential()
seq.append(nn.Linear(3, 3))
seq.append(nn.Tanh())
print(seq)
print(seq[-1], len(seq))
print([n for n, _ in model.named_modules()])
