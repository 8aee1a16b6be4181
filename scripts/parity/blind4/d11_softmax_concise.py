import torch
from torch import nn

torch.manual_seed(7)
X = torch.randn(30, 8)
y = torch.randint(0, 4, (30,))
net = nn.Sequential(nn.Flatten(), nn.Linear(8, 4))

def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)

net.apply(init_weights)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.1)
for epoch in range(5):
    l = loss(net(X), y)
    trainer.zero_grad()
    l.mean().backward()
    trainer.step()
    print(epoch, l.mean().item(), l.shape)
with torch.no_grad():
    logits = net(X[:3])
print(logits)
print(logits.softmax(dim=1))
print(logits.argmax(dim=1), y[:3])
print(nn.functional.cross_entropy(logits, y[:3]))
print(nn.functional.log_softmax(logits, dim=1))
