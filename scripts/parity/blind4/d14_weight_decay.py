# Weight decay (d2l 3.7) – high-dimensional linear regression
import torch
from torch import nn

torch.manual_seed(2)
n_train, n_test, num_inputs = 20, 100, 200
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
def make(n):
    X = torch.normal(0, 1, (n, num_inputs))
    y = X @ true_w + true_b + torch.normal(0, 0.01, (n, 1))
    return X, y
train_X, train_y = make(n_train)
test_X, test_y = make(n_test)

def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2

def train(lambd):
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for epoch in range(50):
        for i in range(0, n_train, 5):
            X, y = train_X[i:i+5], train_y[i:i+5]
            l = ((X @ w + b - y) ** 2 / 2).sum() + lambd * l2_penalty(w)
            l.backward()
            with torch.no_grad():
                for p in (w, b):
                    p -= 0.003 * p.grad / 5
                    p.grad.zero_()
    with torch.no_grad():
        test_l = ((test_X @ w + b - test_y) ** 2 / 2).mean()
    print(f'lambda={lambd}: L2 norm of w: {torch.norm(w).item():.4f}, test loss {test_l:.4f}')

train(0)
train(3)

net = nn.Linear(num_inputs, 1)
opt = torch.optim.SGD([{"params": net.weight, 'weight_decay': 3},
                       {"params": net.bias}], lr=0.003)
for epoch in range(10):
    opt.zero_grad()
    l = nn.functional.mse_loss(net(train_X), train_y)
    l.backward()
    opt.step()
print('concise w norm:', net.weight.norm().item())
print(opt.param_groups[0]['weight_decay'], opt.param_groups[1]['weight_decay'])
