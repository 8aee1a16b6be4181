import torch

torch.manual_seed(0)
n = 100
X = torch.randn(n, 2)
y = ((X[:, 0] + X[:, 1]) > 0).float()
w = torch.randn(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for step in range(200):
    z = X @ w + b
    p = torch.sigmoid(z)
    loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if step % 50 == 0:
        print(step, loss.item())
pred = (torch.sigmoid(X @ w + b) > 0.5).float()
acc = (pred == y).float().mean()
print(f"accuracy: {acc:.2%}")
print(w, b)
