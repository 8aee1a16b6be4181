import torch

x = torch.arange(24).reshape(4, 6)
print(x)
print(x[0])
print(x[:, 0])
print(x[1, 2])
print(x[1, 2].item())
print(x[-1])
print(x[1:3, 2:5])
print(x[::2, ::3])
print(x[:, -2:])

# boolean mask
mask = x % 5 == 0
print(mask)
print(x[mask])

# fancy indexing
rows = torch.tensor([0, 2, 3])
print(x[rows])
print(x[rows, torch.tensor([1, 1, 5])])

# assignment through indexing
y = x.clone().float()
y[0, :] = -1
y[:, 0] = 100
y[y > 20] = 0
print(y)

# None / ... indexing
print(x[None].shape)
print(x[..., 1])
print(x[:, None, :].shape)
