import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))

torch.manual_seed(0)
net = Net(4, 8, 3)
print(net)
x = torch.randn(2, 4)
print(net(x))
total = sum(p.numel() for p in net.parameters())
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print(f"Total params: {total}, trainable: {trainable}")
for name, p in net.named_parameters():
    print(name, tuple(p.shape))
print(net.fc1.weight.shape, net.fc2.bias)
