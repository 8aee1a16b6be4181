import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Linear(20, 16),
    nn.BatchNorm1d(16),
    nn.ReLU(),
    nn.Linear(16, 3),
)
print(net)
x = torch.randn(8, 20)
y = torch.randint(0, 3, (8,))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for i in range(3):
    out = net(x)
    loss = nn.functional.cross_entropy(out, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, loss)
print(net[1].running_mean)
print(net[1].running_var)
print(net[1].num_batches_tracked)
net.eval()
print(net(x[:2]))
print(list(net.state_dict().keys()))
