# d2l 9.1: sequence models, autoregressive MLP on a noisy sine
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)
T = 200
time = torch.arange(1, T + 1, dtype=torch.float32)
x = torch.sin(0.01 * time * 6) + torch.normal(0, 0.2, (T,))
tau = 4
features = torch.zeros((T - tau, tau))
for i in range(tau):
    features[:, i] = x[i: T - tau + i]
labels = x[tau:].reshape((-1, 1))
print(features.shape, labels.shape)
batch_size, n_train = 16, 150
train_iter = data.DataLoader(data.TensorDataset(features[:n_train], labels[:n_train]),
                             batch_size, shuffle=True)

def get_net():
    net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
    for m in net:
        if type(m) == nn.Linear:
            nn.init.xavier_uniform_(m.weight)
    return net

loss = nn.MSELoss(reduction='none')
net = get_net()
trainer = torch.optim.Adam(net.parameters(), 0.01)
for epoch in range(5):
    for X, y in train_iter:
        trainer.zero_grad()
        l = loss(net(X), y)
        l.sum().backward()
        trainer.step()
    with torch.no_grad():
        ev = loss(net(features), labels).mean()
    print(f'epoch {epoch + 1}, loss: {ev:f}')
onestep = net(features)
print(onestep[:5].detach().reshape(-1))
multistep = torch.zeros(T)
multistep[: n_train + tau] = x[: n_train + tau]
for i in range(n_train + tau, T):
    multistep[i] = net(multistep[i - tau:i].reshape((1, -1)))
print(multistep[-5:].detach())
