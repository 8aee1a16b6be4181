import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
opt = torch.optim.SGD([
    {'params': net[0].parameters()},
    {'params': net[1].parameters(), 'lr': 0.01},
], lr=0.1, momentum=0.5)
print(opt)
print(len(opt.param_groups))
print([g['lr'] for g in opt.param_groups])
opt.param_groups[1].update({'lr': 0.5})
print(opt.param_groups[1]['lr'])
d = dict(opt.param_groups[0])
print(d['momentum'], 'params' in d)
opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 1.0})
print(len(opt.param_groups))
