import torch

x = torch.arange(12).reshape(3, 4)
xt = x.t()
print(xt.is_contiguous())
try:
    xt.view(12)
except RuntimeError as e:
    print("RuntimeError:", e)
print(xt.reshape(12))
print(xt.contiguous().view(2, 6))
try:
    x.reshape(5, 3)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    x.view(-1, -1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(x.view(2, -1).shape, x.flatten().shape, x.unsqueeze(0).shape)
print(x.permute(1, 0).stride(), x.stride())
try:
    x.permute(0)
except RuntimeError as e:
    print("RuntimeError:", e)
print(x.squeeze().shape, torch.zeros(1, 3, 1).squeeze().shape)
