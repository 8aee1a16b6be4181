import torch
from torch import nn

torch.manual_seed(3)
X = torch.randn(256, 1, 4, 4)
y = (X.sum(dim=(1, 2, 3)) > 0).long() + (X[:, 0, 0, 0] > 1).long()
print(X.shape, y.shape, y[:10])
print(torch.bincount(y))

net = nn.Sequential(nn.Flatten(), nn.Linear(16, 3))

def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)

net.apply(init_weights)
print(net)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.1)

for epoch in range(4):
    total, correct, loss_sum = 0, 0, 0.0
    for i in range(0, 256, 32):
        Xb, yb = X[i:i + 32], y[i:i + 32]
        y_hat = net(Xb)
        l = loss(y_hat, yb)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        loss_sum += l.sum().item()
        correct += (y_hat.argmax(dim=1) == yb).sum().item()
        total += yb.numel()
    print(f'epoch {epoch + 1}, loss {loss_sum / total:.6f}, train acc {correct / total:.3f}')

with torch.no_grad():
    probs = torch.softmax(net(X[:3]), dim=1)
print(probs)
print(probs.argmax(dim=1).tolist(), y[:3].tolist())
