import torch
import torch.nn as nn
from torch.optim import lr_scheduler

model = nn.Linear(3, 3)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
sched = lr_scheduler.ExponentialLR(opt, gamma=0.9)
lrs = []
for _ in range(5):
    opt.step()
    sched.step()
    lrs.append(opt.param_groups[0]['lr'])
print(lrs)

opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = lr_scheduler.MultiStepLR(opt, milestones=[2, 4], gamma=0.1)
for i in range(6):
    opt.step()
    sched.step()
    print(i, sched.get_last_lr())

opt = torch.optim.Adam(model.parameters(), lr=0.01)
sched = lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 0.95 ** epoch)
for i in range(4):
    opt.step()
    sched.step()
print(sched.get_last_lr())

opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = lr_scheduler.CosineAnnealingLR(opt, T_max=4)
for i in range(5):
    opt.step()
    sched.step()
    print(f"{opt.param_groups[0]['lr']:.6f}")
