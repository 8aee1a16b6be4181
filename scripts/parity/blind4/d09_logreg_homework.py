"""HW2 Problem 1: logistic regression with gradient descent (no nn.Module allowed)."""
import numpy as np
import torch

np.random.seed(3)
torch.manual_seed(3)
n = 100
X0 = np.random.randn(n // 2, 2) + np.array([2.0, 2.0])
X1 = np.random.randn(n // 2, 2) + np.array([-2.0, -1.0])
X = torch.tensor(np.vstack([X0, X1]), dtype=torch.float32)
y = torch.cat([torch.ones(n // 2), torch.zeros(n // 2)])

w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)

def predict_proba(X):
    return torch.sigmoid(X @ w + b)

def bce(p, y):
    eps = 1e-7
    return -(y * torch.log(p + eps) + (1 - y) * torch.log(1 - p + eps)).mean()

history = []
for it in range(201):
    p = predict_proba(X)
    loss = bce(p, y)
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
        w.grad.zero_(); b.grad.zero_()
    if it % 50 == 0:
        acc = ((p > 0.5).float() == y).float().mean().item()
        history.append((it, loss.item(), acc))
for it, l, a in history:
    print(f"iter {it:3d}  loss={l:.6f}  acc={a:.2f}")
print("w =", w.detach().numpy(), "b =", b.item())
print(torch.nn.functional.binary_cross_entropy(predict_proba(X), y).item())
