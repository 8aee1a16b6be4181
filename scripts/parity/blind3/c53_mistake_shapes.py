# learner mistakes with shapes: each error printed
import torch
from torch import nn

torch.manual_seed(0)
a = torch.randn(3, 4)
b = torch.randn(3, 4)
try:
    print(a @ b)
except RuntimeError as e:
    print("RuntimeError:", e)
print((a @ b.T).shape)

try:
    a + torch.randn(4, 3)
except RuntimeError as e:
    print(e)

try:
    a.view(5, -1)
except RuntimeError as e:
    print(e)

layer = nn.Linear(10, 2)
try:
    layer(torch.randn(4, 8))
except RuntimeError as e:
    print(e)

try:
    torch.cat([torch.zeros(2, 3), torch.zeros(3, 2)], dim=0)
except RuntimeError as e:
    print(e)

conv = nn.Conv2d(3, 8, 3)
try:
    conv(torch.randn(1, 1, 8, 8))
except RuntimeError as e:
    print(e)

x = torch.arange(6)
try:
    print(x[6])
except IndexError as e:
    print("IndexError:", e)

t = torch.randn(2, 3).t()
print(t.is_contiguous())
try:
    t.view(6)
except RuntimeError as e:
    print(e)
print(t.reshape(6).shape)
