import torch

X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([0., 0., 0., 1.])
w = torch.zeros(2)
b = torch.tensor(0.)
lr = 0.1

def step(z):
    return (z > 0).float()

for epoch in range(10):
    errors = 0
    for xi, target in zip(X, y):
        out = step(xi @ w + b)
        err = target - out
        if err != 0:
            errors += 1
        w += lr * err * xi
        b += lr * err
    print(f"epoch {epoch}: errors={errors} w={w.tolist()} b={b.item():.2f}")
    if errors == 0:
        break
print(step(X @ w + b))
