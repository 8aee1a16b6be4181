# Week 5 lab: a full classification loop with train/val split and accuracy bookkeeping
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
n_per = 50
means = [(-2, 0), (2, 0), (0, 2.5)]
X = np.concatenate([np.random.randn(n_per, 2) * 0.8 + m for m in means]).astype(np.float32)
y = np.repeat(np.arange(3), n_per)
perm = np.random.permutation(len(X))
X, y = X[perm], y[perm]
split = int(0.8 * len(X))
train_ds = TensorDataset(torch.from_numpy(X[:split]), torch.from_numpy(y[:split]))
val_ds = TensorDataset(torch.from_numpy(X[split:]), torch.from_numpy(y[split:]))
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)
val_dl = DataLoader(val_ds, batch_size=64)
print(len(train_ds), len(val_ds), train_ds[0][1].dtype)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
crit = nn.CrossEntropyLoss()

def evaluate(dl):
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for xb, yb in dl:
            out = model(xb)
            loss_sum += crit(out, yb).item() * len(yb)
            correct += (out.argmax(1) == yb).sum().item()
            total += len(yb)
    return loss_sum / total, correct / total

for epoch in range(1, 6):
    model.train()
    running = 0.0
    for xb, yb in train_dl:
        opt.zero_grad()
        loss = crit(model(xb), yb)
        loss.backward()
        opt.step()
        running += loss.item() * xb.size(0)
    vl, va = evaluate(val_dl)
    print(f"Epoch {epoch}/5 - loss: {running / len(train_ds):.4f} - val_loss: {vl:.4f} - val_acc: {va:.2%}")
print(model(torch.tensor([[0.0, 3.0]])).softmax(-1))
