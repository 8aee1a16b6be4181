# Lab 6: optimisers on a 2-D quadratic
import torch

def f(p):
    x, y = p[0], p[1]
    return 0.1 * x ** 2 + 2 * y ** 2

results = {}
for name, make in [("SGD", lambda ps: torch.optim.SGD(ps, lr=0.4)),
                   ("Momentum", lambda ps: torch.optim.SGD(ps, lr=0.4, momentum=0.5)),
                   ("Adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.4)),
                   ("RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.1, alpha=0.9)),
                   ("Adam", lambda ps: torch.optim.Adam(ps, lr=0.1))]:
    p = torch.tensor([-5.0, -2.0], requires_grad=True)
    opt = make([p])
    traj = []
    for step in range(20):
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        opt.step()
        traj.append(loss.item())
    results[name] = (p.detach().clone(), traj)
    print(f"{name:>9}: final point {p.detach().numpy()}, f={f(p).item():.6f}")
best = min(results, key=lambda k: results[k][1][-1])
print("best:", best)
for name, (pt, traj) in sorted(results.items()):
    print(name, [round(v, 3) for v in traj[:4]])
print(torch.optim.Adam([torch.zeros(1, requires_grad=True)], lr=1e-3))
