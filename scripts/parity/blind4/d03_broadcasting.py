import torch

a = torch.arange(3).reshape((3, 1))
b = torch.arange(2).reshape((1, 2))
print(a)
print(b)
print(a + b)
x = torch.ones(4, 3)
row = torch.tensor([1., 2., 3.])
print(x * row)
print((x - x.mean(dim=0)).abs().sum())
A = torch.arange(20, dtype=torch.float32).reshape(5, 4)
sum_A = A.sum(axis=1, keepdims=True)
print(sum_A)
print(A / sum_A)
print(A.cumsum(axis=0))
print(A.mean(), A.sum() / A.numel())
print(A.mean(axis=0))
try:
    torch.ones(3, 4) + torch.ones(3)
except RuntimeError as e:
    print("error:", e)
