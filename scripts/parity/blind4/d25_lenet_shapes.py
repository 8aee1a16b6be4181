import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape: \t', X.shape)

def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)

net.apply(init_cnn)
imgs = torch.rand(8, 1, 28, 28)
labels = torch.arange(8) % 10
opt = torch.optim.SGD(net.parameters(), lr=0.9)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(3):
    opt.zero_grad()
    out = net(imgs)
    l = loss_fn(out, labels)
    l.backward()
    opt.step()
    acc = (out.argmax(1) == labels).sum().item() / len(labels)
    print(f'epoch {epoch}: loss {l.item():.4f}, train acc {acc:.3f}')
print(sum(p.numel() for p in net.parameters()))
