import torch

t = torch.arange(1, 13).reshape(3, 4)
print(t)
print(t[0])
print(t[:, 1])
print(t[1, 2], t[1, 2].item())
print(t[-1])
print(t[0:2, 1:3])
print(t[::2])
print(t[:, ::2])
print(t[t > 6])
mask = t % 2 == 0
print(mask)
print(t[mask])
print(t[[0, 2]])
print(t[[0, 1, 2], [3, 2, 1]])
print(t[..., -1])
print(t[None].shape, t[:, None].shape)
t[0, 0] = 100
print(t)
t[:, -1] = 0
print(t)
t[t > 50] = -1
print(t)
