import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 1)

    def forward(self, x):
        return self.fc(x)

torch.manual_seed(0)
net = Net()
print(net(torch.ones(3)))
try:
    net()
except TypeError as e:
    print(e)
try:
    net.fc2
except AttributeError as e:
    print(e)
net(torch.ones(3), torch.ones(3))
