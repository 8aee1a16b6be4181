import torch
from torch import nn

torch.manual_seed(5)
net = nn.Sequential(nn.Flatten(),
        nn.Linear(10, 32),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(32, 32),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(32, 2))
print(net)
x = torch.randn(3, 10)
net.train()
print(net.training, net[3].training)
out1 = net(x)
out2 = net(x)
print(out1)
print(torch.equal(out1, out2))
net.eval()
print(net.training, net[3].training)
e1 = net(x)
e2 = net(x)
print(e1)
print(torch.equal(e1, e2))

drop = nn.Dropout(p=0.5)
ones = torch.ones(2, 6)
print(drop(ones))
print(drop)
drop.eval()
print(drop(ones))
print(nn.functional.dropout(ones, p=0.25, training=True))
