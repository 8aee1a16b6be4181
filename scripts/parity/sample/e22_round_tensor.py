import torch

x = torch.tensor(2.567)
print(round(x.item(), 2))
print(torch.round(x))
print(x.round(decimals=1))
r = round(x, 2)
print(r)
