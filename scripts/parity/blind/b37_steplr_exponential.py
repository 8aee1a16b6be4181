import torch
from torch.optim.lr_scheduler import StepLR, ExponentialLR, MultiStepLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(10):
    opt.step()
    sched.step()
    print(epoch, sched.get_last_lr(), opt.param_groups[0]['lr'])

opt = torch.optim.SGD([w], lr=1.0)
sched = ExponentialLR(opt, gamma=0.9)
lrs = []
for epoch in range(6):
    lrs.append(opt.param_groups[0]['lr'])
    opt.step()
    sched.step()
print(lrs)
print([f"{lr:.4f}" for lr in lrs])

opt = torch.optim.SGD([w], lr=0.05)
sched = MultiStepLR(opt, milestones=[2, 4], gamma=0.1)
for epoch in range(6):
    opt.step()
    sched.step()
    print(f"epoch {epoch}: lr={sched.get_last_lr()[0]:.6f}")
print(sched.state_dict()['last_epoch'])
