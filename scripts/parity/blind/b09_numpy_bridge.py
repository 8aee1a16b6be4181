import numpy as np
import torch

np.random.seed(0)
arr = np.random.rand(2, 3)
print(arr)
t = torch.from_numpy(arr)
print(t)
print(t.dtype)
arr[0, 0] = 100.0
print(t[0, 0])

t2 = torch.tensor(arr)
arr[0, 0] = -1.0
print(t2[0, 0])

x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
n = x.numpy()
print(n, n.dtype, type(n))
x.add_(1)
print(n)

print(torch.as_tensor([1, 2, 3]).numpy())
lst = x.tolist()
print(lst, type(lst))
print(x[0, 1].item(), type(x[0, 1].item()))

w = torch.ones(2, requires_grad=True)
try:
    w.numpy()
except RuntimeError as e:
    print(e)
print(w.detach().numpy())

f32 = torch.from_numpy(np.array([1.5, 2.5], dtype=np.float32))
print(f32, f32.dtype)
ints = torch.from_numpy(np.arange(4))
print(ints, ints.dtype)
print(np.mean(x.numpy()))
