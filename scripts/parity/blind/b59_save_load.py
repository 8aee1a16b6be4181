import os
import tempfile
import torch
import torch.nn as nn

tmp = tempfile.mkdtemp()
torch.manual_seed(0)

x = torch.arange(4)
path = os.path.join(tmp, 'x-file')
torch.save(x, path)
x2 = torch.load(path)
print(x2)

y = torch.zeros(4)
torch.save([x, y], os.path.join(tmp, 'x-files'))
x2, y2 = torch.load(os.path.join(tmp, 'x-files'))
print(x2, y2)

mydict = {'x': x, 'y': y}
torch.save(mydict, os.path.join(tmp, 'mydict'))
print(torch.load(os.path.join(tmp, 'mydict')))

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.output = nn.Linear(256, 10)
    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))

net = MLP()
X = torch.randn(size=(2, 20))
Y = net(X)
torch.save(net.state_dict(), os.path.join(tmp, 'mlp.params'))
clone = MLP()
print(clone.load_state_dict(torch.load(os.path.join(tmp, 'mlp.params'))))
clone.eval()
print(clone(X) == Y)

opt = torch.optim.Adam(net.parameters(), lr=1e-3)
Y.sum().backward()
opt.step()
ckpt = {'epoch': 5, 'model': net.state_dict(), 'optimizer': opt.state_dict(), 'loss': 0.25}
torch.save(ckpt, os.path.join(tmp, 'ckpt.pt'))
loaded = torch.load(os.path.join(tmp, 'ckpt.pt'))
print(loaded['epoch'], loaded['loss'], list(loaded['model'].keys()))
opt2 = torch.optim.Adam(clone.parameters(), lr=1e-3)
opt2.load_state_dict(loaded['optimizer'])
print(opt2.state_dict()['state'][1]['step'])
print(sorted(os.listdir(tmp)))

bad = nn.Linear(20, 128)
try:
    bad.load_state_dict({'weight': net.hidden.weight, 'bias': net.hidden.bias})
except RuntimeError as e:
    print(e)
print(bad.load_state_dict({'weight': torch.zeros(128, 20)}, strict=False))
