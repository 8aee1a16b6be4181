import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
n = 200
X = torch.randn(n, 2)
y = ((X[:, 0] ** 2 + X[:, 1] ** 2) < 1.0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=20, shuffle=True)

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

for epoch in range(5):
    model.train()
    running, correct = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * xb.size(0)
        correct += (out.argmax(1) == yb).sum().item()
    print(f"Epoch [{epoch + 1}/5] loss: {running / n:.4f} acc: {correct / n:.2%}")

model.eval()
with torch.no_grad():
    pred = model(X).argmax(dim=1)
print("final accuracy", (pred == y).float().mean().item())
print(model(torch.tensor([[0.0, 0.0], [2.0, 2.0]])).softmax(dim=1))
