import torch
from torch import nn

torch.manual_seed(2)
num_inputs = 50
X = torch.randn(30, num_inputs)
y = X[:, :5].sum(dim=1, keepdim=True) * 0.1 + 0.05 + 0.01 * torch.randn(30, 1)

def train_concise(wd):
    torch.manual_seed(10)
    net = nn.Sequential(nn.Linear(num_inputs, 1))
    for param in net.parameters():
        param.data.normal_()
    loss = nn.MSELoss(reduction='none')
    num_epochs, lr = 60, 0.003
    trainer = torch.optim.SGD([
        {"params": net[0].weight, 'weight_decay': wd},
        {"params": net[0].bias}], lr=lr)
    for epoch in range(num_epochs):
        for i in range(0, 30, 5):
            trainer.zero_grad()
            l = loss(net(X[i:i + 5]), y[i:i + 5])
            l.mean().backward()
            trainer.step()
        if (epoch + 1) % 20 == 0:
            print(f'wd={wd} epoch {epoch + 1}: {loss(net(X), y).mean().item():.6f}')
    print('L2 norm of w:', net[0].weight.norm().item())
    return net

a = train_concise(0)
b = train_concise(3)
opt = torch.optim.SGD([{"params": a[0].weight, "weight_decay": 1e-3}, {"params": a[0].bias}], lr=0.1)
for g in opt.param_groups:
    print(g['lr'], g['weight_decay'], g['momentum'], len(g['params']))
