import torch
import torch.nn as nn

class SmallCNN(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(inplace=True),
            nn.AvgPool2d(2),
        )
        self.drop = nn.Dropout(p=0.5)
        self.head = nn.Linear(8 * 4 * 4, num_classes)

    def forward(self, x):
        x = self.conv(x)
        x = x.reshape(x.shape[0], -1)
        return self.head(self.drop(x))

torch.manual_seed(5)
m = SmallCNN()
print(m)
x = torch.randn(3, 3, 8, 8)
m.train()
a = m(x)
m.eval()
b = m(x)
print(a)
print(b)
print(m.training, m.conv.training)
