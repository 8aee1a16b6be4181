import torch
import torch.nn as nn

torch.manual_seed(5)
model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 1))
X = torch.randn(16, 10) * 50
y = torch.randn(16, 1) * 100
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

for step in range(5):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    total_norm_before = torch.norm(torch.stack([p.grad.norm(2) for p in model.parameters()]), 2)
    returned = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    total_norm_after = torch.norm(torch.stack([p.grad.norm(2) for p in model.parameters()]), 2)
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f} norm before {total_norm_before.item():.4f} returned {returned.item():.4f} after {total_norm_after.item():.4f}")

optimizer.zero_grad()
criterion(model(X), y).backward()
torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
print(max(p.grad.abs().max().item() for p in model.parameters()))
print(model[2].bias.grad)
g = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=2.0, norm_type=float('inf'))
print(g)
params = [p for p in model.parameters() if p.grad is not None]
print(len(params), [tuple(p.grad.shape) for p in params])
vec = torch.nn.utils.parameters_to_vector(model.parameters())
print(vec.shape, vec[:4])
