import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
X = torch.randn(20, 2)
y = X.sum(1, keepdim=True)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
best_loss = float("inf")
best_state = None
for epoch in range(6):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    opt.step()
    if loss.item() < best_loss:
        best_loss = loss.item()
        best_state = copy.deepcopy(model.state_dict())
        print(f"new best at epoch {epoch}: {best_loss:.5f}")
model.load_state_dict(best_state)
print(model.weight)
clone = copy.deepcopy(model)
clone.weight.data.fill_(0)
print(model.weight.data, clone.weight.data)
print(best_state)
