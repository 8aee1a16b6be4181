import torch
import torch.nn as nn
import torch.nn.functional as F

class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

torch.manual_seed(0)
net = LeNet()
print(net)
X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
h = X
for name, layer in [('conv1', net.conv1), ('pool', net.pool), ('conv2', net.conv2), ('pool', net.pool)]:
    h = layer(h)
    print(name.ljust(6), 'output shape:\t', h.shape)
out = net(X)
print(out)
print(out.argmax(1))

imgs = torch.randn(8, 1, 28, 28)
labels = torch.randint(0, 10, (8,))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.cross_entropy(net(imgs), labels)
    loss.backward()
    opt.step()
    print(f"step {step}: loss {loss.item():.6f}")
print(net.conv1.bias.grad)
