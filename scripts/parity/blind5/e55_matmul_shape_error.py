import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(4 * 13 * 13, 10),
)
x = torch.randn(2, 1, 28, 28)
print(model(x).shape)
out = x
for layer in model:
    out = layer(out)
    print(f"{layer.__class__.__name__:10s} -> {tuple(out.shape)}")

lin = nn.Linear(10, 5)
try:
    lin(torch.randn(3, 8))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.randn(2, 3) @ torch.randn(2, 3)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.mm(torch.randn(2, 3), torch.randn(3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.bmm(torch.randn(2, 3, 4), torch.randn(3, 4, 5))
except RuntimeError as e:
    print("RuntimeError:", e)
print((torch.randn(2, 3) @ torch.randn(3)).shape, torch.matmul(torch.randn(5, 2, 3), torch.randn(3, 4)).shape)
conv = nn.Conv2d(3, 8, 3)
try:
    conv(torch.randn(1, 1, 8, 8))
except RuntimeError as e:
    print("RuntimeError:", e)
model(torch.randn(2, 1, 32, 32))
