import torch
from torch.optim.lr_scheduler import StepLR

torch.manual_seed(0)
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.2)
sched = StepLR(opt, step_size=2, gamma=0.1)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
for epoch in range(5):
    sched.step()   # mistake: scheduler before optimizer
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
    print(f"epoch {epoch} lr {sched.get_last_lr()[0]:.4f} loss {loss.item():.6f}")
print(sched)
print(type(sched).__name__)
