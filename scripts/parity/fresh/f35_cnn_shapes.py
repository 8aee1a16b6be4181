import torch
import torch.nn as nn

x = torch.randn(1, 3, 32, 32)
conv1 = nn.Conv2d(3, 6, kernel_size=5)
print(conv1(x).shape)
conv2 = nn.Conv2d(3, 8, kernel_size=3, padding=1)
print(conv2(x).shape)
conv3 = nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)
print(conv3(x).shape)
pool = nn.MaxPool2d(2, 2)
print(pool(conv1(x)).shape)
print(nn.AvgPool2d(4)(x).shape)
print(nn.AdaptiveAvgPool2d((1, 1))(x).shape)

def out_size(w, k, s=1, p=0):
    return (w - k + 2 * p) // s + 1

print(out_size(32, 5), out_size(32, 3, 2, 1))
print(conv1)
print(conv3)
print(conv1.weight.shape, conv1.bias.shape)
flat = nn.Flatten()
print(flat(pool(conv1(x))).shape)
print(16 * 5 * 5)
