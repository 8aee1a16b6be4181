import copy
import torch
import torch.nn as nn

torch.manual_seed(5)
X_train, y_train = torch.randn(40, 3), torch.randn(40, 1)
X_val, y_val = torch.randn(10, 3), torch.randn(10, 1)
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
best_loss = float('inf')
best_state = None
patience, bad = 2, 0
for epoch in range(20):
    model.train()
    opt.zero_grad()
    loss = loss_fn(model(X_train), y_train)
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val = loss_fn(model(X_val), y_val).item()
    print(f"{epoch:2d} train {loss.item():.5f} val {val:.5f}")
    if val < best_loss:
        best_loss = val
        best_state = copy.deepcopy(model.state_dict())
        bad = 0
    else:
        bad += 1
        if bad >= patience:
            print("early stop at", epoch)
            break
model.load_state_dict(best_state)
print(best_loss, best_state['bias'])
