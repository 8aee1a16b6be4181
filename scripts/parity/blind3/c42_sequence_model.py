# d2l 8.1 sequence models: sine + noise, autoregressive MLP
import torch
from torch import nn

torch.manual_seed(0)
T = 1000
time = torch.arange(1, T + 1, dtype=torch.float32)
x = torch.sin(0.01 * time) + torch.normal(0, 0.2, (T,))
print(x[:5])

tau = 4
features = torch.zeros((T - tau, tau))
for i in range(tau):
    features[:, i] = x[i: T - tau + i]
labels = x[tau:].reshape((-1, 1))
print(features.shape, labels.shape)

batch_size, n_train = 16, 600

def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)

def get_net():
    net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
    net.apply(init_weights)
    return net

loss = nn.MSELoss(reduction='none')

def train(net, epochs, lr):
    trainer = torch.optim.Adam(net.parameters(), lr)
    for epoch in range(epochs):
        perm = torch.randperm(n_train)
        for i in range(0, n_train, batch_size):
            idx = perm[i:i + batch_size]
            trainer.zero_grad()
            l = loss(net(features[idx]), labels[idx])
            l.sum().backward()
            trainer.step()
        with torch.no_grad():
            l = loss(net(features[:n_train]), labels[:n_train]).mean()
        print(f'epoch {epoch + 1}, loss: {l:f}')

net = get_net()
train(net, 5, 0.01)

onestep_preds = net(features)
print(onestep_preds[:3].detach())
multistep_preds = torch.zeros(T)
multistep_preds[: n_train + tau] = x[: n_train + tau]
for i in range(n_train + tau, T):
    multistep_preds[i] = net(multistep_preds[i - tau:i].reshape((1, -1)))
print(multistep_preds[n_train + tau: n_train + tau + 5].detach())
print(f'{multistep_preds[-1].item():.6f}')
