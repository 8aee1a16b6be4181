import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(120, 5)
w_true = torch.randn(5, 1)
y = X @ w_true + 0.5 * torch.randn(120, 1)
Xtr, ytr, Xva, yva = X[:80], y[:80], X[80:], y[80:]

model = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()

best_loss = float('inf')
best_state = None
patience, bad_epochs = 5, 0
history = []
for epoch in range(100):
    model.train()
    opt.zero_grad()
    loss = loss_fn(model(Xtr), ytr)
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val = loss_fn(model(Xva), yva).item()
    history.append((loss.item(), val))
    if val < best_loss - 1e-4:
        best_loss, bad_epochs = val, 0
        best_state = copy.deepcopy(model.state_dict())
        print(f"epoch {epoch:3d}: train {loss.item():.4f} val {val:.4f} *")
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print(f"early stopping at epoch {epoch}, best val {best_loss:.6f}")
            break

model.load_state_dict(best_state)
with torch.no_grad():
    print(f"restored val loss: {loss_fn(model(Xva), yva).item():.6f}")
print(len(history), min(v for _, v in history))
