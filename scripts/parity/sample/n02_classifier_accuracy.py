import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
N = 120
X = torch.randn(N, 4)
y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 1).long()

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.05)

for epoch in range(5):
    model.train()
    logits = model(X)
    loss = F.cross_entropy(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        preds = model(X).argmax(dim=1)
        correct = (preds == y).sum().item()
        acc = correct / N
    print(f"epoch {epoch}: loss={loss.item():.4f} acc={acc:.3f} ({correct}/{N})")

with torch.no_grad():
    out = model(X[:5])
print(out.argmax(1), y[:5])
print(torch.softmax(out, dim=1))
print(out.requires_grad)
