import torch
from torch import nn
import torch.nn.functional as F

class XORNet(nn.Module):
    def __init__(self):
        super(XORNet, self).__init__()
        self.hidden = nn.Linear(2, 2)
        self.out = nn.Linear(2, 1)

    def forward(self, x):
        x = torch.sigmoid(self.hidden(x))
        return torch.sigmoid(self.out(x))

torch.manual_seed(2)
net = XORNet()
print(net)
for name, p in net.named_parameters():
    print(name, p.shape, p.requires_grad)
inputs = torch.Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
targets = torch.Tensor([0, 1, 1, 0]).view(-1, 1)
opt = torch.optim.Adam(net.parameters(), lr=0.1)
for i in range(300):
    loss = F.mse_loss(net(inputs), targets)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if (i + 1) % 100 == 0:
        print(i + 1, round(loss.item(), 5))
print(net(inputs))
