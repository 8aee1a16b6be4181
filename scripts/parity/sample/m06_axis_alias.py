import torch

x = torch.tensor([[1., 2.], [3., 4.]])
print(x.sum(axis=0))
print(x.mean(axis=1))
print(torch.sum(x, axis=1))
print(x.max(axis=0))
print(torch.cat([x, x], axis=0).shape)
print(x.argmax(axis=1))
print(x.std(axis=0))
