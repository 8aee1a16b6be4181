import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(123)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 8, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 8 * 8, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 8 * 8)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out

model = Net()
print(model)
numel_list = [p.numel() for p in model.parameters()]
print(sum(numel_list), numel_list)

img = torch.randn(3, 32, 32)
out = model(img.unsqueeze(0))
print(out)
print(out.shape)
print(F.softmax(out, dim=1))

conv = nn.Conv2d(3, 1, kernel_size=3, padding=1)
with torch.no_grad():
    conv.bias.zero_()
    conv.weight.fill_(1.0 / 9.0)
print(conv(img.unsqueeze(0))[0, 0, :3, :3])
print(conv.weight.shape, conv.bias.shape)
pool = nn.MaxPool2d(2)
print(pool(img.unsqueeze(0)).shape)
