import torch
from torch import nn

torch.manual_seed(0)

def comp_conv2d(conv2d, X):
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])

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

def out_size(n, k, p, s):
    return (n - k + 2 * p) // s + 1

for k, p, s in [(3, 1, 1), (5, 2, 1), (3, 1, 2), (3, 0, 3)]:
    conv = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s)
    print(f'k={k} p={p} s={s}: formula {out_size(8, k, p, s)}, actual {tuple(comp_conv2d(conv, X).shape)}')

conv = nn.Conv2d(1, 1, kernel_size=3, padding='same')
print(comp_conv2d(conv, X).shape)
y = comp_conv2d(nn.Conv2d(1, 1, 2, stride=2, bias=False), X)
print(y)
