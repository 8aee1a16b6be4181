import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
X = torch.randn(16, 2)
y = X.sum(dim=1, keepdim=True)
lrs = []
for epoch in range(8):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    opt.step()
    lrs.append(opt.param_groups[0]['lr'])
    sched.step()
    print(f"epoch {epoch}: lr={lrs[-1]:.4f} loss={loss.item():.6f}")
print(sched.get_last_lr())
opt2 = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt2, T_max=4)
vals = []
for _ in range(5):
    vals.append(round(opt2.param_groups[0]['lr'], 6))
    opt2.step()
    cos.step()
print(vals)
opt3 = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.5)
lam = torch.optim.lr_scheduler.LambdaLR(opt3, lr_lambda=lambda e: 0.9 ** e)
for _ in range(3):
    opt3.step(); lam.step()
print(lam.get_last_lr())
