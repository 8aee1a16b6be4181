import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid())
net
net.state_dict()
net.state_dict().keys()
net[0].weight
type(net[0])
opt = torch.optim.SGD(net.parameters(), lr=0.1)
opt.param_groups[0]['lr']
out = net(torch.tensor([[1., 0.]]))
out
out.grad_fn
loss = out.sum()
loss.backward()
net[0].weight.grad
opt.step()
net[0].weight
{'a': True}.items()
{3, 1, 2}
