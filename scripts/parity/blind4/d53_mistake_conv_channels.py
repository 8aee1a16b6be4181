import torch
from torch import nn

torch.manual_seed(0)
conv = nn.Conv2d(3, 8, kernel_size=3)
img = torch.rand(4, 28, 28, 3)
try:
    conv(img)
except RuntimeError as e:
    print("RuntimeError:", e)
out = conv(img.permute(0, 3, 1, 2))
print(out.shape)
gray = torch.rand(4, 1, 28, 28)
try:
    conv(gray)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    conv(torch.rand(28, 28))
except RuntimeError as e:
    print("RuntimeError:", e)
print(conv(torch.rand(3, 10, 10)).shape)
try:
    nn.Conv2d(3, 8, kernel_size=7)(torch.rand(1, 3, 4, 4))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.MaxPool2d(2)(torch.rand(1, 1, 1, 1))
except RuntimeError as e:
    print("RuntimeError:", e)
