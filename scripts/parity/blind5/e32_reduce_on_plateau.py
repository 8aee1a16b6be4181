import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

w = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
scheduler = ReduceLROnPlateau(optimizer, mode='min', factor=0.5, patience=2, threshold=1e-3)
val_losses = [1.0, 0.9, 0.85, 0.85, 0.851, 0.849, 0.86, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69999]
for epoch, vl in enumerate(val_losses):
    optimizer.step()
    scheduler.step(vl)
    lr = optimizer.param_groups[0]['lr']
    print(f"epoch {epoch:2d} val_loss {vl:.5f} lr {lr:.6f} bad_epochs {scheduler.num_bad_epochs}")
print(scheduler.best, scheduler.get_last_lr())

w2 = torch.zeros(1, requires_grad=True)
opt = torch.optim.Adam([w2], lr=1e-2)
sched = ReduceLROnPlateau(opt, mode='max', factor=0.1, patience=1, min_lr=1e-4)
for acc in [0.5, 0.6, 0.6, 0.6, 0.59, 0.58, 0.58, 0.58]:
    opt.step()
    sched.step(acc)
    print(acc, opt.param_groups[0]['lr'])
