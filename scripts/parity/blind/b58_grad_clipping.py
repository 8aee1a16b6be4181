import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1))
x = torch.randn(8, 4) * 10
y = torch.randn(8, 1) * 100
loss = nn.MSELoss()(model(x), y)
loss.backward()

def grad_norm(m):
    return torch.sqrt(sum((p.grad ** 2).sum() for p in m.parameters()))

print(f"loss {loss.item():.4f}")
print(f"norm before: {grad_norm(model):.4f}")
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(total)
print(f"norm after: {grad_norm(model):.6f}")
print(model[2].weight.grad)

nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)
print(model[2].weight.grad)
print(max(p.grad.abs().max().item() for p in model.parameters()))

# manual clipping from d2l
def grad_clipping(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm

model.zero_grad()
nn.MSELoss()(model(x), y).backward()
print(grad_clipping(list(model.parameters()), 0.5))
print(grad_norm(model))
