import numpy as np
import torch

np.random.seed(0)
a = np.random.rand(2, 3)
t = torch.from_numpy(a)
print(t)
print(t.dtype)
a[0, 0] = 100.0
print(t[0, 0])
b = torch.tensor(a)
a[0, 1] = -1.0
print(b[0, 1], t[0, 1])
x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
n = x.numpy()
print(type(n).__name__, n.dtype, n.shape)
print(n)
A = x.numpy()
B = torch.tensor(A)
print(type(A), type(B))
s = torch.tensor([3.5])
print(s, s.item(), float(s), int(s))
print(np.mean(n), x.mean().item())
print(torch.as_tensor(np.array([1, 2, 3])).dtype)
print(torch.tensor([1.5, 2.5]).numpy().tolist())
