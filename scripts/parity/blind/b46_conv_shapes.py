import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(1, 3, 32, 32)
for k, s, p in [(3, 1, 0), (3, 1, 1), (5, 2, 2), (7, 2, 3), (1, 1, 0)]:
    conv = nn.Conv2d(3, 8, kernel_size=k, stride=s, padding=p)
    print(conv, "->", tuple(conv(x).shape))

conv = nn.Conv2d(3, 4, 3, padding='same')
print(conv(x).shape)
dil = nn.Conv2d(3, 4, 3, dilation=2)
print(dil(x).shape)
grp = nn.Conv2d(4, 8, 3, groups=2, bias=False)
print(grp, grp.weight.shape)

def out_size(n, k, s=1, p=0):
    return (n + 2 * p - k) // s + 1
print(out_size(32, 5, 2, 2), out_size(28, 3))

# cross-correlation by hand (d2l corr2d)
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y

X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(corr2d(X, K))
print(nn.functional.conv2d(X.view(1, 1, 3, 3), K.view(1, 1, 2, 2)))
edge = torch.ones(6, 8)
edge[:, 2:6] = 0
print(corr2d(edge, torch.tensor([[1.0, -1.0]])))
try:
    nn.Conv2d(3, 8, 3)(torch.randn(1, 1, 8, 8))
except RuntimeError as e:
    print(e)
