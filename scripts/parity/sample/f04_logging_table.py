import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
x, y = torch.randn(16, 4), torch.randn(16, 1)
print(f"{'epoch':>5} | {'loss':>8} | {'grad norm':>9}")
print("-" * 28)
for epoch in range(1, 6):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    gnorm = model.weight.grad.norm()
    opt.step()
    print(f"{epoch:>5} | {loss:8.4f} | {gnorm:9.4f}")
