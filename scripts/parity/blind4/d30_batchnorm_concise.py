import torch
from torch import nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(4)
print(bn)
X = torch.randn(8, 4) * 3 + 1
print(bn(X))
print(bn.running_mean)
print(bn.running_var)
print(bn.num_batches_tracked)
bn.eval()
print(bn(X[:2]))
print(bn.state_dict().keys())
bn2 = nn.BatchNorm2d(3, momentum=0.5, affine=False)
print(bn2)
Y = bn2(torch.rand(2, 3, 4, 4))
print(Y.shape, Y.mean().item())
print(bn2.running_mean)
net = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
t = torch.randint(0, 2, (8,))
for i in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(net(X), t)
    loss.backward()
    opt.step()
    print(i, round(loss.item(), 5))
print(net[1].weight.data, net[1].bias.data)
