import torch
torch.manual_seed(0)
x = torch.randn(3)
x.shape
x.size()
x[0]
loss = (x ** 2).sum()
loss
f"{loss:.2f}"
loss[0]
loss.item() > 0
round(loss)
