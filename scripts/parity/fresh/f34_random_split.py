import torch
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)
X = torch.randn(100, 3)
y = (X.sum(1) > 0).long()
ds = TensorDataset(X, y)
train_ds, val_ds = random_split(ds, [80, 20])
print(len(train_ds), len(val_ds))
print(train_ds.indices[:10])
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)
print(len(train_loader), len(val_loader))
model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    model.train()
    running = 0.0
    for xb, yb in train_loader:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        running += loss.item() * xb.size(0)
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            correct += (model(xb).argmax(1) == yb).sum().item()
    print(f"epoch {epoch+1}: train loss {running/len(train_ds):.4f}, val acc {correct/len(val_ds):.3f}")
