import numpy as np
import torch
import torch.nn as nn

np.random.seed(7)
torch.manual_seed(7)
N, D = 60, 3
X_np = np.random.randn(N, D).astype(np.float32)
y_np = (X_np[:, 0] - 2 * X_np[:, 1] + 0.1 * np.random.randn(N) > 0).astype(np.float32)
X, y = torch.from_numpy(X_np), torch.from_numpy(y_np).unsqueeze(1)

k = 4
folds = np.array_split(np.random.permutation(N), k)
print([len(f) for f in folds])
scores = {}
for fold in range(k):
    val_idx = folds[fold]
    train_idx = np.concatenate([folds[j] for j in range(k) if j != fold])
    model = nn.Sequential(nn.Linear(D, 8), nn.ReLU(), nn.Linear(8, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    lossf = nn.BCEWithLogitsLoss()
    for epoch in range(60):
        opt.zero_grad()
        loss = lossf(model(X[train_idx]), y[train_idx])
        loss.backward()
        opt.step()
    with torch.no_grad():
        logits = model(X[val_idx])
        acc = ((logits > 0).float() == y[val_idx]).float().mean().item()
        val_loss = lossf(logits, y[val_idx]).item()
    scores[fold] = {"acc": acc, "loss": val_loss, "train_loss": loss.item()}
    print(f"fold {fold}: train_loss={loss.item():.4f} val_loss={val_loss:.4f} acc={acc:.4f}")
accs = [s["acc"] for s in scores.values()]
print(f"CV accuracy: {np.mean(accs):.4f} +/- {np.std(accs):.4f}")
best = max(scores.items(), key=lambda kv: kv[1]["acc"])
print("best fold", best[0], round(best[1]["loss"], 4))
