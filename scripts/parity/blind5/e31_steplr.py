import torch
import torch.nn as nn
from torch.optim.lr_scheduler import StepLR, MultiStepLR, ExponentialLR

torch.manual_seed(1)
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = StepLR(optimizer, step_size=3, gamma=0.5)
X, y = torch.randn(32, 4), torch.randn(32, 1)
for epoch in range(10):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(f"epoch {epoch} loss {loss.item():.6f} lr {scheduler.get_last_lr()[0]:.6f} {optimizer.param_groups[0]['lr']}")

opt2 = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
ms = MultiStepLR(opt2, milestones=[2, 5], gamma=0.1)
lrs = []
for _ in range(7):
    opt2.step()
    ms.step()
    lrs.append(ms.get_last_lr()[0])
print(lrs)
opt3 = torch.optim.Adam([torch.zeros(1, requires_grad=True)], lr=0.01)
ex = ExponentialLR(opt3, gamma=0.9)
for _ in range(3):
    opt3.step()
    ex.step()
print(ex.get_last_lr(), ex.last_epoch)
sd = scheduler.state_dict()
print(sd['last_epoch'], sd['base_lrs'], sd['step_size'], sd['gamma'])
