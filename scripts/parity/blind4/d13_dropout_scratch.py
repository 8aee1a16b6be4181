import torch
from torch import nn

def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)

torch.manual_seed(0)
X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))

drop = nn.Dropout(0.5)
print(drop(X))
drop.eval()
print(drop(X))
print(drop)

net = nn.Sequential(nn.Flatten(), nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.2),
                    nn.Linear(16, 4), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4, 2))
net.train()
print(net(X))
net.eval()
print(net(X))
print([m.training for m in net])
