import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 2)
best = copy.deepcopy(model.state_dict())
opt = torch.optim.SGD(model.parameters(), lr=1.0)
loss = model(torch.ones(1, 2)).sum()
loss.backward()
opt.step()
print(model.weight)
print(best['weight'])
model.load_state_dict(best)
print(model.weight)
print(torch.equal(model.weight, best['weight']))
