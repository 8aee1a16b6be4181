import torch
import torch.nn as nn
from torch.optim.lr_scheduler import CosineAnnealingLR, OneCycleLR, LambdaLR

model = nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
cos = CosineAnnealingLR(opt, T_max=8, eta_min=0.001)
cos_lrs = []
for epoch in range(12):
    opt.step()
    cos.step()
    cos_lrs.append(round(cos.get_last_lr()[0], 6))
print(cos_lrs)

opt2 = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
one = OneCycleLR(opt2, max_lr=0.5, total_steps=20)
rows = []
for step in range(20):
    opt2.step()
    rows.append((step, opt2.param_groups[0]['lr'], opt2.param_groups[0]['momentum']))
    one.step() if step < 19 else None
for step, lr, mom in rows[::4]:
    print(f"step {step:2d} lr {lr:.6f} momentum {mom:.4f}")
print(max(r[1] for r in rows), rows[-1][1])

opt3 = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
warmup = LambdaLR(opt3, lr_lambda=lambda e: min(1.0, (e + 1) / 4))
for e in range(6):
    print(e, opt3.param_groups[0]['lr'])
    opt3.step()
    warmup.step()
print(opt3.param_groups[0].keys() >= {'lr', 'betas', 'weight_decay'})
