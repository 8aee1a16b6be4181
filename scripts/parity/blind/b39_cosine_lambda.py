import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, OneCycleLR

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = CosineAnnealingLR(opt, T_max=5)
for i in range(7):
    print(i, round(sched.get_last_lr()[0], 6))
    opt.step()
    sched.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1)
warmup = LambdaLR(opt, lr_lambda=lambda epoch: min(1.0, (epoch + 1) / 4))
for i in range(6):
    print("warmup", i, opt.param_groups[0]['lr'])
    opt.step()
    warmup.step()

opt = torch.optim.SGD(model.parameters(), lr=0.1)
oc = OneCycleLR(opt, max_lr=1.0, total_steps=10)
lrs = []
for i in range(10):
    lrs.append(opt.param_groups[0]['lr'])
    opt.step()
    oc.step()
print([f"{x:.5f}" for x in lrs])
