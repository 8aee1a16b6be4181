import torch
import torch.nn as nn

torch.manual_seed(3)
model = nn.Sequential(nn.Linear(5, 10), nn.ReLU(), nn.Linear(10, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(16, 5) * 10
y = torch.randn(16, 1) * 100
for step in range(4):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
    total = torch.sqrt(sum(p.grad.pow(2).sum() for p in model.parameters()))
    print(step, f"{loss.item():.3f}", f"{norm.item():.3f}", f"{total.item():.4f}")
    opt.step()
torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)
print(model[2].bias.grad)
print(max(p.grad.abs().max().item() for p in model.parameters()))
