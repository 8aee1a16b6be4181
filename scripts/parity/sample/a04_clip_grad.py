import torch
import torch.nn as nn

torch.manual_seed(0)
m = nn.Linear(5, 5)
loss = (m(torch.randn(4, 5)) * 100).pow(2).mean()
loss.backward()
total = nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0)
print(total)
print(torch.cat([p.grad.flatten() for p in m.parameters()]).norm())
nn.utils.clip_grad_value_(m.parameters(), 0.01)
print(m.bias.grad)
