import torch

a = torch.arange(3).reshape(3, 1)
b = torch.arange(2).reshape(1, 2)
print(a)
print(b)
print(a + b)
print((a + b).shape)

m = torch.ones(4, 3)
row = torch.tensor([1.0, 2.0, 3.0])
print(m * row)
col = torch.tensor([[10.0], [20.0], [30.0], [40.0]])
print(m + col)

x = torch.randn(2, 1, 4)
y = torch.randn(3, 1)
print((x - y).shape)

try:
    torch.ones(3, 4) + torch.ones(3)
except RuntimeError as e:
    print(e)

try:
    torch.ones(2, 3) + torch.ones(3, 2)
except RuntimeError as e:
    print(e)

# normalise each column
torch.manual_seed(1)
data = torch.randn(5, 3)
mean = data.mean(dim=0)
std = data.std(dim=0)
norm = (data - mean) / std
print(norm)
print(norm.mean(dim=0))
print(norm.std(dim=0))
