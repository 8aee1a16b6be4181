import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.Adam([w], lr=0.01)
sched = ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=2)
val_losses = [1.0, 0.9, 0.85, 0.86, 0.87, 0.88, 0.84, 0.85, 0.86, 0.87, 0.9, 0.91]
for epoch, vl in enumerate(val_losses):
    opt.step()
    sched.step(vl)
    print(f"epoch {epoch:2d} val_loss {vl:.2f} lr {opt.param_groups[0]['lr']}")
print(sched.best, sched.num_bad_epochs)

opt = torch.optim.SGD([w], lr=0.1)
sched = ReduceLROnPlateau(opt, mode='max', factor=0.1, patience=1, min_lr=0.001)
accs = [0.5, 0.6, 0.6, 0.59, 0.61, 0.6, 0.6, 0.6, 0.6]
for a in accs:
    sched.step(a)
    print(opt.param_groups[0]['lr'])
