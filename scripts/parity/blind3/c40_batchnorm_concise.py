import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5), nn.BatchNorm2d(6), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.BatchNorm2d(16), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
    nn.Linear(256, 120), nn.BatchNorm1d(120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.BatchNorm1d(84), nn.Sigmoid(),
    nn.Linear(84, 10))
print(net)
X = torch.randn(8, 1, 28, 28)
y = torch.randint(0, 10, (8,))
opt = torch.optim.SGD(net.parameters(), lr=1.0)
loss_fn = nn.CrossEntropyLoss()
for step in range(3):
    opt.zero_grad()
    loss = loss_fn(net(X), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(net[1].running_mean)
print(net[1].running_var)
print(net[1].num_batches_tracked)
print(net[1].weight.data, net[1].bias.data)
net.eval()
print(net(X[:2]))
print(nn.BatchNorm1d(4))
print(nn.BatchNorm2d(4, affine=False, momentum=0.2))
