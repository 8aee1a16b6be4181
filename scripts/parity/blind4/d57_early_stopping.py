import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(80, 5)
w = torch.tensor([[1.0], [-2.0], [0.5], [0.0], [3.0]])
y = X @ w + 0.5 * torch.randn(80, 1)
X_train, y_train, X_val, y_val = X[:60], y[:60], X[60:], y[60:]
model = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.05)
history = {'train': [], 'val': []}
best_val, best_state, best_epoch, patience, bad = float('inf'), None, -1, 5, 0
for epoch in range(100):
    model.train()
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X_train), y_train)
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val = nn.functional.mse_loss(model(X_val), y_val).item()
    history['train'].append(loss.item())
    history['val'].append(val)
    if val < best_val - 1e-4:
        best_val, best_epoch, bad = val, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad += 1
        if bad >= patience:
            print(f"early stopping at epoch {epoch}")
            break
print(f"best epoch {best_epoch} val {best_val:.6f}")
model.load_state_dict(best_state)
for e, (t, v) in enumerate(zip(history['train'], history['val'])):
    if e % 10 == 0:
        print(f"{e:3d} {t:10.4f} {v:10.4f}")
print(len(history['val']), min(history['val']) == best_val)
