import torch
from torch import nn

torch.manual_seed(0)
n_train, n_test, num_inputs = 20, 100, 200
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
X = torch.randn(n_train + n_test, num_inputs)
y = X @ true_w + true_b + torch.randn(n_train + n_test, 1) * 0.01
Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2

def train(lambd):
    torch.manual_seed(1)
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr = 0.003
    for epoch in range(100):
        for i in range(0, n_train, 5):
            l = (Xtr[i:i + 5] @ w + b - ytr[i:i + 5]) ** 2 / 2 + lambd * l2_penalty(w)
            l.sum().backward()
            with torch.no_grad():
                w -= lr * w.grad / 5
                b -= lr * b.grad / 5
                w.grad.zero_()
                b.grad.zero_()
    test_loss = ((Xte @ w + b - yte) ** 2 / 2).mean().item()
    print(f"lambda={lambd}: L2 norm of w: {torch.norm(w).item():.6f}, test loss {test_loss:.6f}")

train(0)
train(3)

def train_concise(wd):
    torch.manual_seed(1)
    net = nn.Linear(num_inputs, 1)
    opt = torch.optim.SGD([{"params": net.weight, "weight_decay": wd}, {"params": net.bias}], lr=0.003)
    for epoch in range(100):
        for i in range(0, n_train, 5):
            opt.zero_grad()
            l = nn.MSELoss()(net(Xtr[i:i + 5]), ytr[i:i + 5])
            l.backward()
            opt.step()
    print(f"wd={wd}: norm {net.weight.norm().item():.6f}")

train_concise(0)
train_concise(3)
