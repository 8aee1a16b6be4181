import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
opt = torch.optim.SGD([
    {'params': model[0].parameters()},
    {'params': model[2].parameters(), 'lr': 1e-3},
], lr=1e-2, momentum=0.9)
print(opt)
for i, g in enumerate(opt.param_groups):
    print(i, g['lr'], g['momentum'], len(g['params']))

x = torch.randn(3, 4)
target = torch.tensor([0, 1, 0])
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), target)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))

for g in opt.param_groups:
    g['lr'] *= 0.5
print([g['lr'] for g in opt.param_groups])

# bias without weight decay
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if name.endswith('bias') else decay).append(p)
opt2 = torch.optim.AdamW([
    {'params': decay, 'weight_decay': 0.01},
    {'params': no_decay, 'weight_decay': 0.0}], lr=3e-4)
print(opt2)
opt2.add_param_group({'params': [nn.Parameter(torch.zeros(2))], 'lr': 0.1})
print(len(opt2.param_groups), opt2.param_groups[2]['lr'], opt2.param_groups[2]['weight_decay'])
