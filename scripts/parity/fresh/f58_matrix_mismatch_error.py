import torch

a = torch.randn(3, 4)
b = torch.randn(3, 4)
try:
    c = a @ b
except RuntimeError as e:
    print("Oops:", e)
c = a @ b.T
print(c.shape)
x = torch.ones(3)
y = torch.ones(4)
try:
    torch.dot(x, y)
except RuntimeError as e:
    print(type(e).__name__, e)
try:
    x + y
except RuntimeError as e:
    print(type(e).__name__, e)
try:
    torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.int64))
except RuntimeError as e:
    print(type(e).__name__, e)
a.reshape(5, 3)
