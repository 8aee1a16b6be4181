import torch
import torch.nn as nn
import torch.nn.functional as F

class MLP(nn.Module):
    def __init__(self, in_features=20, hidden=256, out_features=10):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden)
        self.out = nn.Linear(hidden, out_features)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))

torch.manual_seed(0)
net = MLP()
print(net)
X = torch.rand(2, 20)
out = net(X)
print(out.shape)
print(out[:, :4])
print(sum(p.numel() for p in net.parameters()))
for name, p in net.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print(net.hidden.weight.shape, net.out.bias.shape)
print(net.training)
net.eval()
print(net.training, net.hidden.training)
net.train()
print(net.out.training)
