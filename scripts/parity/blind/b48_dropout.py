import torch
import torch.nn as nn

torch.manual_seed(0)
drop = nn.Dropout(p=0.5)
x = torch.ones(2, 8)
print(drop(x))
drop.eval()
print(drop(x))
drop.train()
print(drop(x))

def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)

X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))

print(nn.functional.dropout(X, p=0.25, training=True))
print(nn.functional.dropout(X, p=0.25, training=False))
big = torch.ones(10000)
print(nn.Dropout(0.3)(big).mean())
print((nn.Dropout(0.3)(big) == 0).float().mean())
try:
    nn.Dropout(p=1.5)
except ValueError as e:
    print(e)
