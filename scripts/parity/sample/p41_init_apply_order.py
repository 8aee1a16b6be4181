import torch
import torch.nn as nn

order = []
def visit(m):
    order.append(type(m).__name__)

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2)
        self.b = nn.Sequential(nn.ReLU(), nn.Linear(2, 1))

    def forward(self, x):
        return self.b(self.a(x))

net = Block()
net.apply(visit)
print(order)
torch.manual_seed(0)
net.apply(lambda m: nn.init.normal_(m.weight, std=0.1) if isinstance(m, nn.Linear) else None)
print(net.a.weight)
print(net.b[1].weight)
for name, module in net.named_modules():
    print(repr(name), module.__class__.__name__)
