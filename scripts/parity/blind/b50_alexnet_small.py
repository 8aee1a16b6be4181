import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=5, stride=2, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Conv2d(32, 48, kernel_size=3, padding=1), nn.ReLU(),
    nn.Conv2d(48, 48, kernel_size=3, padding=1), nn.ReLU(),
    nn.Conv2d(48, 32, kernel_size=3, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
    nn.Linear(32 * 3 * 3, 64), nn.ReLU(), nn.Dropout(p=0.5),
    nn.Linear(64, 64), nn.ReLU(), nn.Dropout(p=0.5),
    nn.Linear(64, 10))
X = torch.randn(1, 1, 64, 64)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\t', X.shape)
net.eval()
with torch.no_grad():
    out = net(torch.ones(2, 1, 64, 64))
print(out)
print(sum(p.numel() for p in net.parameters()))

# NiN block and global pooling
def nin_block(in_c, out_c, k, s, p):
    return nn.Sequential(nn.Conv2d(in_c, out_c, k, s, p), nn.ReLU(),
                         nn.Conv2d(out_c, out_c, 1), nn.ReLU(),
                         nn.Conv2d(out_c, out_c, 1), nn.ReLU())
blk = nin_block(1, 8, 3, 1, 1)
y = nn.AdaptiveAvgPool2d((1, 1))(blk(torch.randn(2, 1, 8, 8)))
print(y.shape, nn.Flatten()(y).shape)
