import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
for p in model[0].parameters():
    p.requires_grad = False
print([p.requires_grad for p in model.parameters()])
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print(trainable)
opt = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
x = torch.randn(3, 4)
before = model[0].weight.clone()
loss = model(x).pow(2).sum()
loss.backward()
opt.step()
print(torch.equal(before, model[0].weight))
print(model[0].weight.grad)
print(model[2].weight.grad)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
