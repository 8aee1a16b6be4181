import torch
import torch.nn as nn

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
head = nn.Linear(16, 2)
model = nn.Sequential(backbone, head)

backbone.requires_grad_(False)
for name, p in model.named_parameters():
    print(name, p.requires_grad)

trainable = [p for p in model.parameters() if p.requires_grad]
print(len(trainable), sum(p.numel() for p in trainable))
opt = torch.optim.SGD(trainable, lr=0.1)
x = torch.randn(4, 8)
y = torch.tensor([0, 1, 1, 0])
before = backbone[0].weight.clone()
loss = nn.functional.cross_entropy(model(x), y)
loss.backward()
print(backbone[0].weight.grad)
print(head.weight.grad)
opt.step()
print(torch.equal(before, backbone[0].weight))
print(loss.item())
print(nn.functional.cross_entropy(model(x), y).item())

for p in backbone[2].parameters():
    p.requires_grad = True
print([p.requires_grad for p in model.parameters()])
