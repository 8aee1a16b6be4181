import torch
torch.manual_seed(0)

x = torch.randn(4, 5)
print(x.sum(0).shape)
print(x.softmax(dim=-1).sum(1))
print(x.mean(dim=2))
