import torch
from torch import nn

torch.manual_seed(0)

class LeNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)

def init_weights(m):
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)

net = LeNet(4)
net.apply(init_weights)
images = torch.randn(64, 1, 28, 28)
labels = torch.randint(0, 4, (64,))
images[labels == 1, :, :14, :] += 1.0
images[labels == 2, :, 14:, :] += 1.0
images[labels == 3, :, :, :14] -= 1.0

optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()
for epoch in range(4):
    running = 0.0
    correct = 0
    for i in range(0, 64, 16):
        x, y = images[i:i + 16], labels[i:i + 16]
        optimizer.zero_grad()
        out = net(x)
        loss = criterion(out, y)
        loss.backward()
        optimizer.step()
        running += loss.item()
        correct += (out.argmax(1) == y).sum().item()
    print(f'[{epoch + 1}] loss: {running / 4:.4f} acc: {correct}/64')

net.eval()
with torch.no_grad():
    preds = net(images[:8]).argmax(dim=1)
print('predicted:', ' '.join(str(p) for p in preds.tolist()))
print('actual:   ', ' '.join(str(p) for p in labels[:8].tolist()))
