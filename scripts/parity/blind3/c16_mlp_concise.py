import torch
from torch import nn

torch.manual_seed(7)
net = nn.Sequential(nn.Flatten(),
                    nn.Linear(16, 64),
                    nn.ReLU(),
                    nn.Linear(64, 5))

def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)

net.apply(init_weights)
print(net)

batch_size, lr, num_epochs = 16, 0.1, 5
loss = nn.CrossEntropyLoss()
trainer = torch.optim.SGD(net.parameters(), lr=lr)

X = torch.rand(128, 1, 4, 4)
y = (X.reshape(128, -1)[:, :5]).argmax(dim=1)
history = []
for epoch in range(num_epochs):
    perm = torch.randperm(128)
    for i in range(0, 128, batch_size):
        idx = perm[i:i + batch_size]
        l = loss(net(X[idx]), y[idx])
        trainer.zero_grad()
        l.backward()
        trainer.step()
    with torch.no_grad():
        full = loss(net(X), y).item()
    history.append(full)
    print(f"epoch {epoch}: {full}")
print(min(history), history.index(min(history)))
print([f"{h:.3f}" for h in history])
