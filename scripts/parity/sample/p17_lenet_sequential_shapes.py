import torch
import torch.nn as nn

torch.manual_seed(0)
features = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
)
x = torch.randn(2, 1, 32, 32)
for layer in features:
    x = layer(x)
    print(layer.__class__.__name__, "output shape:\t", x.shape)
print(x.flatten(1).shape)
print(features[0].weight.shape, features[0].bias.shape)
print(features[3])
print(sum(p.numel() for p in features.parameters() if p.requires_grad))
