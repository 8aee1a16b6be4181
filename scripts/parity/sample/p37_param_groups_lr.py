import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(6):
    if epoch % 2 == 0 and epoch > 0:
        for g in optimizer.param_groups:
            g['lr'] = g['lr'] * 0.5
    print(epoch, optimizer.param_groups[0]['lr'])
pg = optimizer.param_groups[0]
for k, v in pg.items():
    if k != 'params':
        print(k, v)
print(len(pg['params']))
print({k: v for k, v in pg.items() if k in ('lr', 'momentum')})
