import torch
from torch.nn import functional as F

print(F.one_hot(torch.tensor([0, 2]), 28))
X = torch.arange(10).reshape((2, 5))
print(F.one_hot(X.T, 28).shape)
oh = F.one_hot(X.T, 28).float()
print(oh.dtype, oh.sum().item())
print(F.one_hot(torch.tensor([3, 1, 0])))
print(F.one_hot(torch.tensor([3, 1, 0]), num_classes=5).argmax(dim=1))
emb = torch.nn.Embedding(10, 3)
torch.manual_seed(0)
emb = torch.nn.Embedding(10, 3)
print(emb)
print(emb(torch.tensor([[1, 2], [4, 9]])))
print(emb.weight.shape)
W = torch.randn(28, 4)
print(torch.allclose(oh[0] @ W, W[X.T[0]]))
