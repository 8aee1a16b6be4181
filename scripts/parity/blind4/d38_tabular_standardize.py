# Tabular regression with numpy preprocessing
import numpy as np
import torch
import torch.nn as nn

np.random.seed(42)
torch.manual_seed(42)
N = 120
age = np.random.randint(18, 70, size=N).astype(np.float64)
income = np.random.normal(50000, 15000, size=N)
rooms = np.random.randint(1, 6, size=N).astype(np.float64)
price = 3000 * rooms + 0.8 * income - 200 * age + np.random.normal(0, 5000, size=N)
X = np.stack([age, income, rooms], axis=1)
y = price.reshape(-1, 1)
idx = np.random.permutation(N)
tr, va = idx[:96], idx[96:]
mu, sigma = X[tr].mean(axis=0), X[tr].std(axis=0)
print("mean:", np.round(mu, 2))
print("std:", np.round(sigma, 2))
Xs = (X - mu) / sigma
y_mu, y_sd = y[tr].mean(), y[tr].std()
ys = (y - y_mu) / y_sd
Xtr = torch.tensor(Xs[tr], dtype=torch.float32)
ytr = torch.tensor(ys[tr], dtype=torch.float32)
Xva = torch.tensor(Xs[va], dtype=torch.float32)
yva = torch.tensor(ys[va], dtype=torch.float32)
print(Xtr.shape, Xva.shape, Xtr.dtype)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for epoch in range(1, 101):
    model.train()
    opt.zero_grad()
    loss = loss_fn(model(Xtr), ytr)
    loss.backward()
    opt.step()
    if epoch % 20 == 0:
        model.eval()
        with torch.no_grad():
            vl = loss_fn(model(Xva), yva).item()
        print(f"epoch {epoch:3d} | train {loss.item():.4f} | val {vl:.4f}")
with torch.no_grad():
    pred = model(Xva[:3]).numpy() * y_sd + y_mu
print(np.round(pred.ravel(), 1))
print(np.round(y[va[:3]].ravel(), 1))
