import torch

torch.manual_seed(0)
X = torch.randn(100, 3)
true_w = torch.tensor([2.0, -3.4, 1.2])
y = X @ true_w + 4.2 + 0.01 * torch.randn(100)

def data_iter(batch_size, X, y):
    idx = list(range(len(X)))
    import random
    random.seed(0)
    random.shuffle(idx)
    for i in range(0, len(idx), batch_size):
        j = torch.tensor(idx[i:i + batch_size])
        yield X[j], y[j]

w = torch.normal(0, 0.01, size=(3,), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    for xb, yb in data_iter(10, X, y):
        l = ((xb @ w + b - yb) ** 2 / 2).sum()
        l.backward()
        with torch.no_grad():
            for p in [w, b]:
                p -= 0.03 * p.grad / 10
                p.grad.zero_()
    with torch.no_grad():
        train_l = ((X @ w + b - y) ** 2 / 2).mean()
    print(f"epoch {epoch + 1}, loss {float(train_l):f}")
print(f"error in w: {true_w - w.reshape(true_w.shape)}")
print(f"error in b: {4.2 - b}")
