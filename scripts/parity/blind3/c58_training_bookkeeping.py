import collections
import random
import torch
from torch import nn

random.seed(0)
torch.manual_seed(0)

classes = ['cat', 'dog', 'bird']
X = torch.randn(90, 6)
y = torch.tensor([i % 3 for i in range(90)])
X[y == 0] += 1.5
X[y == 1] -= 1.5

model = nn.Sequential(nn.Linear(6, 12), nn.Tanh(), nn.Linear(12, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

history = {'loss': [], 'acc': []}
indices = list(range(90))
for epoch in range(1, 7):
    random.shuffle(indices)
    epoch_loss = 0.0
    for start in range(0, 90, 15):
        batch = indices[start:start + 15]
        xb, yb = X[batch], y[batch]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        epoch_loss += loss.item() * len(batch)
    with torch.no_grad():
        acc = (model(X).argmax(1) == y).float().mean().item()
    history['loss'].append(epoch_loss / 90)
    history['acc'].append(acc)
    print(f"Epoch {epoch:2d} | loss {epoch_loss / 90:.4f} | acc {acc:.2%}")

best = max(enumerate(history['acc'], 1), key=lambda p: p[1])
print("best epoch:", best[0], "acc:", round(best[1], 4))
with torch.no_grad():
    preds = model(X).argmax(1).tolist()
counts = collections.Counter(classes[p] for p in preds)
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
per_class = {c: sum(1 for p, t in zip(preds, y.tolist()) if p == t == i) for i, c in enumerate(classes)}
print(per_class)
for name, (l, a) in zip(['first', 'last'], [(history['loss'][0], history['acc'][0]), (history['loss'][-1], history['acc'][-1])]):
    print(f"{name:>6}: {l:.6f} {a:.4f}")
print({k: [round(v, 3) for v in vs] for k, vs in history.items()})
