import torch
import torch.nn as nn

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(8):
    opt.step()
    sched.step()
    print(epoch, sched.get_last_lr(), opt.param_groups[0]["lr"])
opt2 = torch.optim.SGD(model.parameters(), lr=1.0)
exp = torch.optim.lr_scheduler.ExponentialLR(opt2, gamma=0.9)
for _ in range(4):
    opt2.step()
    exp.step()
print(exp.get_last_lr())
opt3 = torch.optim.Adam(model.parameters(), lr=0.01)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt3, T_max=10)
lrs = []
for _ in range(10):
    opt3.step()
    cos.step()
    lrs.append(round(cos.get_last_lr()[0], 6))
print(lrs)
opt4 = torch.optim.SGD(model.parameters(), lr=0.5)
ms = torch.optim.lr_scheduler.MultiStepLR(opt4, milestones=[2, 4], gamma=0.1)
for _ in range(5):
    opt4.step()
    ms.step()
    print(opt4.param_groups[0]['lr'])
