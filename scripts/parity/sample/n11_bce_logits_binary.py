import torch
import torch.nn as nn

torch.manual_seed(7)
X = torch.randn(50, 2)
y = ((X[:, 0] * X[:, 1]) > 0).float().unsqueeze(1)
model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
loss_fn = nn.BCEWithLogitsLoss()
opt = torch.optim.Adam(model.parameters(), lr=0.1)
for epoch in range(1, 31):
    logits = model(X)
    loss = loss_fn(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 10 == 0:
        with torch.no_grad():
            probs = torch.sigmoid(model(X))
            acc = ((probs > 0.5).float() == y).float().mean()
        print(f"epoch {epoch} loss {loss:.4f} acc {acc:.2%}")
print(nn.BCELoss()(torch.sigmoid(logits), y), loss)
