import torch
from torch import nn

class Forgot(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)

try:
    Forgot()
except AttributeError as e:
    print("AttributeError:", e)

class NoForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

try:
    NoForward()(torch.zeros(1, 2))
except NotImplementedError as e:
    print("NotImplementedError:", repr(e))

class ListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(3, 3), nn.Linear(3, 1)]

    def forward(self, x):
        for l in self.layers:
            x = l(x)
        return x

net = ListNet()
print(len(list(net.parameters())))
try:
    torch.optim.SGD(net.parameters(), lr=0.1)
except ValueError as e:
    print("ValueError:", e)

class FixedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 1)])

print(len(list(FixedNet().parameters())))
print(FixedNet())

torch.manual_seed(0)
m = nn.Linear(4, 2)
sd = m.state_dict()
bad = nn.Linear(4, 3)
try:
    bad.load_state_dict(sd)
except RuntimeError as e:
    print(e)
try:
    m.load_state_dict({'weight': sd['weight']})
except RuntimeError as e:
    print(e)
print(m.load_state_dict({'weight': sd['weight']}, strict=False))
seq = nn.Sequential(nn.Linear(2, 2))
try:
    seq[3]
except IndexError as e:
    print("IndexError:", e)
model = nn.Linear(3, 1)
out = model(torch.ones(3, 2))
print(out)
