import torch

v = torch.tensor([1., 2., 3.])
print(v.T)
m = torch.ones(2, 3)
print(m.T.shape)
print(v @ v)
