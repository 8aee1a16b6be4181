import numpy as np
import torch

X = torch.arange(6, dtype=torch.float32).reshape(2, 3)
A = X.numpy()
B = torch.from_numpy(A)
print(type(A), type(B))
print(A)
print(A.dtype, B.dtype)

a = torch.tensor([3.5])
print(a, a.item(), float(a), int(a))

np.random.seed(0)
arr = np.random.rand(2, 3)
t = torch.tensor(arr)
print(t)
print(t.dtype)
t32 = torch.from_numpy(arr).float()
print(t32)
shared = torch.from_numpy(arr)
arr[0, 0] = 100.0
print(shared[0, 0])
print(np.array([1, 2, 3]) + torch.tensor([1, 2, 3]).numpy())
print(torch.tensor(np.int64(5)), torch.tensor(np.arange(4)).dtype)
print(X.tolist())
print(list(X.numpy().sum(axis=0)))
