import torch
from torch import nn

def comp_conv2d(conv2d, X):
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])

torch.manual_seed(0)
X = torch.rand(size=(8, 8))
conv2d = nn.Conv2d(1, 1, kernel_size=3, padding=1)
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=(5, 3), padding=(2, 1))
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=3, padding=1, stride=2)
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=(3, 5), padding=(0, 1), stride=(3, 4))
print(comp_conv2d(conv2d, X).shape)
print(conv2d)
print(comp_conv2d(conv2d, X))

def out_size(n, k, p, s):
    return (n - k + 2 * p) // s + 1

for k, p, s in [(3, 0, 1), (3, 1, 1), (5, 2, 2), (2, 0, 2)]:
    print(f"n=8 k={k} p={p} s={s} -> {out_size(8, k, p, s)}")
c = nn.Conv2d(1, 2, 3, padding='same')
print(c(X[None, None]).shape)
print(nn.functional.pad(torch.ones(2, 2), (1, 1, 0, 1)))
