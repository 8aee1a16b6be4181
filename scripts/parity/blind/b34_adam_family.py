import torch
import torch.nn as nn

def train(opt_cls, **kw):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    X = torch.randn(64, 2)
    y = (X[:, :1] * X[:, 1:]).sin()
    opt = opt_cls(model.parameters(), **kw)
    for step in range(50):
        opt.zero_grad()
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return loss.item(), opt

for cls, kw in [
    (torch.optim.Adam, dict(lr=0.01)),
    (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.05)),
    (torch.optim.RMSprop, dict(lr=0.01)),
    (torch.optim.Adagrad, dict(lr=0.1)),
    (torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True)),
]:
    final, opt = train(cls, **kw)
    print(f"{cls.__name__:8s} {kw} final loss {final:.6f}")

print(opt)
state = opt.state_dict()['state']
print(sorted(state.keys()))
print(state[0]['step'])
print(state[1]['exp_avg'])
