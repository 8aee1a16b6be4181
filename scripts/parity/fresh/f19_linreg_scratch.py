import torch

torch.manual_seed(42)
X = torch.rand(50, 1) * 10
y = 3 * X + 2 + torch.randn(50, 1)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.01
for epoch in range(100):
    pred = X * w + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if epoch % 20 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}")
print("w:", w.item(), "b:", b.item())
print(loss.item())
