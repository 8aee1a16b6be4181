import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(8, 16), nn.ReLU())
        self.head = nn.Linear(16, 2)

    def forward(self, x):
        return self.head(self.features(x))

torch.manual_seed(0)
net = Net()
total = sum(p.numel() for p in net.parameters())
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print(f"total={total} trainable={trainable}")
for p in net.features.parameters():
    p.requires_grad = False
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print(f"total={total} trainable={trainable}")
opt = torch.optim.SGD(filter(lambda p: p.requires_grad, net.parameters()), lr=0.1)
out = net(torch.randn(3, 8)).sum()
out.backward()
print(net.features[0].weight.grad, net.head.bias.grad)
print([n for n, p in net.named_parameters() if p.requires_grad])
net.features.requires_grad_(True)
print(all(p.requires_grad for p in net.parameters()))
print(net)
