import torch

a = torch.tensor([[1.0], [2.0], [3.0]])
b = torch.tensor([10.0, 20.0])
print(a + b)
print(a * b)
print((a + b).shape)
m = torch.arange(6.0).reshape(2, 3)
print(m - m.mean(dim=0))
print(m / m.sum(dim=1, keepdim=True))
print(m + 1)
print(2 ** m)
print(m ** 2)
v = torch.tensor([1.0, 0.0, -1.0])
print(m * v)
try:
    print(m + torch.ones(2))
except RuntimeError as e:
    print(e)
print(torch.broadcast_shapes((2, 1), (1, 3)))
x = torch.ones(4, 1, 3)
y = torch.ones(5, 1)
print((x + y).shape)
