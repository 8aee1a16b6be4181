import torch

a = torch.arange(3).reshape((3, 1))
b = torch.arange(2).reshape((1, 2))
print(a)
print(b)
print(a + b)

X = torch.arange(12, dtype=torch.float32).reshape((3, 4))
Y = torch.ones(3, 4)
before = id(Y)
Y = Y + X
print(id(Y) == before)

Z = torch.zeros_like(Y)
print('id(Z):', id(Z) == id(Z))
before_z = id(Z)
Z[:] = X + Y
print(id(Z) == before_z)

before = id(X)
X += Y
print(id(X) == before)
print(X)

row = torch.tensor([10., 20., 30., 40.])
print(X * row)
print((X - X.mean(dim=0)) / X.std(dim=0))
