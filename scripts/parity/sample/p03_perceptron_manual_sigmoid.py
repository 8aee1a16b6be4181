import torch
import math

torch.manual_seed(1)
w = torch.randn(3, requires_grad=True)
data = torch.randn(8, 3)
labels = (data.sum(dim=1) > 0).float()
print(labels)
for i in range(5):
    z = data @ w
    p = 1 / (1 + torch.exp(-z))
    loss = -(labels * torch.log(p) + (1 - labels) * torch.log(1 - p)).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
    w.grad.zero_()
    print(f"iter {i} loss {loss.item():.6f}")
print(w)
print(math.exp(-1), 1 / (1 + math.exp(-0.5)))
