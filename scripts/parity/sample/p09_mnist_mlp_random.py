import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
# fake MNIST: 64 images of 28x28, 10 classes
images = torch.rand(64, 1, 28, 28)
labels = torch.randint(0, 10, (64,))

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

model = MLP()
print(model)
total = sum(p.numel() for p in model.parameters())
print(f"Total parameters: {total:,}")
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(3):
    for i in range(0, 64, 16):
        x, t = images[i:i+16], labels[i:i+16]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), t)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch+1} loss: {loss.item():.4f}")
