import math
import torch
import torch.nn as nn

torch.manual_seed(0)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
        if m.bias is not None:
            nn.init.constant_(m.bias, 0.01)

net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 4), nn.Tanh(), nn.Linear(4, 2))
net.apply(init_weights)
print(net[0].weight)
print(net[0].bias)
print(net[3].weight)
print(net[5].bias)

w = torch.empty(256, 128)
for name, fn in [('xavier_uniform', lambda t: nn.init.xavier_uniform_(t)),
                 ('xavier_normal', lambda t: nn.init.xavier_normal_(t, gain=nn.init.calculate_gain('tanh'))),
                 ('kaiming_uniform', lambda t: nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
                 ('kaiming_normal', lambda t: nn.init.kaiming_normal_(t, nonlinearity='relu')),
                 ('orthogonal', lambda t: nn.init.orthogonal_(t)),
                 ('trunc_normal', lambda t: nn.init.trunc_normal_(t, std=0.02))]:
    fn(w)
    print(f"{name:16s} mean {w.mean().item():+.5f} std {w.std().item():.5f} min {w.min().item():+.4f} max {w.max().item():+.4f}")
print(nn.init.calculate_gain('relu'), nn.init.calculate_gain('leaky_relu', 0.2), nn.init.calculate_gain('selu'))
q = torch.empty(3, 3)
nn.init.orthogonal_(q)
print(torch.allclose(q @ q.t(), torch.eye(3), atol=1e-6))
e = torch.empty(2, 3)
print(nn.init.eye_(e), nn.init.ones_(torch.empty(2)), nn.init.uniform_(torch.empty(3), -1, 1), nn.init.normal_(torch.empty(2), 0, 0.1))
