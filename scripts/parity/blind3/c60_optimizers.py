import torch

def f(x):
    return 0.1 * x[0] ** 2 + 2 * x[1] ** 2

def run(opt_name, make_opt, steps=20):
    x = torch.tensor([-5.0, -2.0], requires_grad=True)
    opt = make_opt([x])
    path = []
    for step in range(steps):
        opt.zero_grad()
        loss = f(x)
        loss.backward()
        opt.step()
        path.append(loss.item())
    return x.detach(), path

optimizers = {
    'sgd': lambda p: torch.optim.SGD(p, lr=0.4),
    'momentum': lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    'adagrad': lambda p: torch.optim.Adagrad(p, lr=0.4),
    'rmsprop': lambda p: torch.optim.RMSprop(p, lr=0.1, alpha=0.9),
    'adam': lambda p: torch.optim.Adam(p, lr=0.3),
    'adamw': lambda p: torch.optim.AdamW(p, lr=0.3, weight_decay=0.1),
}
results = {}
for name, make in optimizers.items():
    x, path = run(name, make)
    results[name] = f(x).item()
    print(f'{name:>8}: x = {x.tolist()}, first {path[0]:.4f}, last {path[-1]:.6f}')

for name, val in sorted(results.items(), key=lambda kv: kv[1]):
    print(name, val)

w = torch.nn.Parameter(torch.ones(2))
opt = torch.optim.SGD([w], lr=1.0)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(5):
    opt.step()
    sched.step()
    print(epoch, sched.get_last_lr())
print(opt)
