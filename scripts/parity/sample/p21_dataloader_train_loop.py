import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

class Blobs(Dataset):
    def __init__(self, n=100):
        g = torch.Generator().manual_seed(0)
        self.X = torch.randn(n, 2, generator=g)
        self.y = (self.X[:, 0] * self.X[:, 1] > 0).long()

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]

torch.manual_seed(0)
train = Blobs()
loader = DataLoader(train, batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(5):
    running = 0.0
    for X, y in loader:
        pred = model(X)
        loss = loss_fn(pred, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item() * X.size(0)
    print(f"epoch {epoch}: {running / len(loader.dataset):.4f}")
