import torch
from torch import nn
torch.manual_seed(42)
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
model
model[0]
model[0].weight
model[0].bias.shape
x = torch.randn(5, 4)
out = model(x)
out
out.argmax(dim=1)
sum(p.numel() for p in model.parameters())
list(model.state_dict().keys())
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt
loss = nn.CrossEntropyLoss()(out, torch.tensor([0, 1, 1, 0, 1]))
loss
loss.item()
loss.backward()
model[2].bias.grad
opt.step()
model[2].bias
nn.CrossEntropyLoss()(model(x), torch.tensor([0, 1, 1, 0, 1]))
