import torch
import torch.nn as nn

class Deep(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.heads = nn.ModuleDict({"cls": nn.Linear(sizes[-1], 3), "reg": nn.Linear(sizes[-1], 1)})

    def forward(self, x, head="cls"):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return self.heads[head](x)

torch.manual_seed(5)
m = Deep([4, 6, 6, 5])
print(m)
x = torch.randn(3, 4)
print(m(x).shape, m(x, head="reg").shape)
print(len(m.layers), list(m.heads.keys()))
for name, child in m.named_children():
    print(name, type(child).__name__)
print(sum(p.numel() for p in m.parameters()))
print(m(x, "reg"))
