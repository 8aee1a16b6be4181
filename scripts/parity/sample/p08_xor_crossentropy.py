import torch
import torch.nn as nn

torch.manual_seed(3)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([0, 1, 1, 0])
net = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.parameters(), lr=0.3, momentum=0.9)
history = []
for epoch in range(200):
    logits = net(X)
    loss = loss_fn(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    history.append(loss.item())
print(len(history), min(history) < history[0])
print("first", history[0])
print("last %.5f" % history[-1])
pred = net(X).argmax(dim=1)
print(pred, (pred == y).sum().item(), "/", len(y))
acc = (pred == y).float().mean()
print(f"accuracy: {acc:.2%}")
