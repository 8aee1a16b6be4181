# Lab 7: saving and loading checkpoints
import os
import tempfile
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x = torch.randn(5, 3)
y = torch.randint(0, 2, (5,))
for epoch in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
d = tempfile.mkdtemp()
path = os.path.join(d, 'ckpt.pt')
torch.save({'epoch': 3, 'model_state_dict': model.state_dict(),
            'optimizer_state_dict': opt.state_dict(), 'loss': loss.item()}, path)
print(list(model.state_dict().keys()))
ckpt = torch.load(path)
print(ckpt['epoch'], ckpt['loss'])
model2 = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
print(model2.load_state_dict(ckpt['model_state_dict']))
opt2 = torch.optim.Adam(model2.parameters(), lr=0.01)
opt2.load_state_dict(ckpt['optimizer_state_dict'])
print(opt2.state_dict()['param_groups'][0]['lr'])
print(torch.equal(model(x), model2(x)))
torch.save(x, os.path.join(d, 'x-file'))
x2 = torch.load(os.path.join(d, 'x-file'))
print(x2 == x)
mydict = {'x': x[0], 'y': y}
torch.save(mydict, os.path.join(d, 'mydict'))
print(torch.load(os.path.join(d, 'mydict')))
print(sorted(os.listdir(d)))
