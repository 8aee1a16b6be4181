import torch

x = torch.arange(6).reshape(2, 3)
y = x.t()
print(y.is_contiguous())
try:
    y.view(6)
except RuntimeError as e:
    print(e)
print(y.reshape(6))
print(y.contiguous().view(-1))
z = torch.arange(10)
z.view(3, -1)
