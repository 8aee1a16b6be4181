import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
model(torch.randn(4, 2)).pow(2).mean().backward()
opt.step()
sd = opt.state_dict()
print(sd.keys())
print(sd['param_groups'])
print(list(sd['state'].keys()))
print(sd['state'][0]['momentum_buffer'])
pg = opt.param_groups[0]
print(pg['lr'], pg['momentum'])
print(sorted(pg.keys()))
