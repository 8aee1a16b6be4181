import torch

torch.manual_seed(0)
pred = torch.randn(4, 3)
loss = (pred ** 2).mean(dim=1)
print(loss)
print(loss.item())
