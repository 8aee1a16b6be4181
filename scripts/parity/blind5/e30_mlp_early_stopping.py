import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(200, 6)
true_w = torch.tensor([1.5, -2.0, 0.0, 0.7, 0.0, 3.0])
y = (X @ true_w + 0.5 * torch.randn(200)).unsqueeze(1)
X_train, y_train, X_val, y_val = X[:150], y[:150], X[150:], y[150:]

model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
criterion = nn.MSELoss()

best_loss = float('inf')
best_state = None
best_epoch = -1
patience, bad_epochs = 5, 0
history = []
for epoch in range(200):
    model.train()
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
    loss.backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = criterion(model(X_val), y_val).item()
    history.append((epoch, loss.item(), val_loss))
    if val_loss < best_loss - 1e-4:
        best_loss, best_epoch, bad_epochs = val_loss, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print(f"Early stopping at epoch {epoch}")
            break
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d} train {loss.item():.6f} val {val_loss:.6f}")

print(f"best epoch {best_epoch} best val {best_loss:.6f}")
model.load_state_dict(best_state)
with torch.no_grad():
    print(criterion(model(X_val), y_val).item() == best_loss)
print(best_state['0.weight'] is model.state_dict()['0.weight'])
print(min(history, key=lambda h: h[2])[0], len(history))
