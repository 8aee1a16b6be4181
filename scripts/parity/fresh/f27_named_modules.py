import torch.nn as nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x):
        return self.bn(self.conv(x))

model = nn.Sequential(Block(), nn.ReLU(), nn.Flatten())
for name, m in model.named_modules():
    print(repr(name), m.__class__.__name__)
print([n for n, _ in model.named_parameters()])
print(list(model.state_dict().keys()))
for c in model.children():
    print(c)
print(len(list(model.modules())))
print(model[0].bn.running_mean)
print(model[0].bn.num_batches_tracked)
