import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 10), nn.Tanh(), nn.Linear(10, 1))
x = torch.randn(32, 10) * 10
y = torch.randn(32, 1) * 100
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    before = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    after = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
    opt.step()
    print(f"step {step}: loss={loss.item():.4f} grad norm {before.item():.4f} -> {after.item():.4f}")
for name, p in model.named_parameters():
    print(f"{name:10s} {p.grad.abs().max().item():.6f}")
torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01)
print(max(p.grad.abs().max().item() for p in model.parameters()))
