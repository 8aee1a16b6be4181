import torch

x = torch.arange(12).view(3, 4)
print(x.is_contiguous(), x.stride())
y = x.t()
print(y.is_contiguous(), y.stride())
print(y.reshape(12))
print(y.contiguous().view(12))
z = x.view(2, 6)
z[0, 0] = 100
print(x[0, 0])
r = y.reshape(2, 6)
r[0, 0] = -1
print(x[0, 0], r.data_ptr() == y.data_ptr())
print(x.view(-1, 2).shape, x.reshape(2, 2, -1).shape)
print(x.flatten(), y.flatten())
try:
    y.view(12)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    x.view(5, -1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    x.view(-1, -1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(x[:, 1:3].is_contiguous(), x[1:].is_contiguous())
print(x.unsqueeze(0).expand(2, 3, 4).stride())
y.view(3, 4)
