import torch
import numpy as np

arr = np.array([[1.0, 2.0], [3.0, 4.0]])
t = torch.from_numpy(arr)
print(t)
print(t.dtype)
t2 = torch.tensor(arr, dtype=torch.float32)
print(t2)
back = t2.numpy()
print(back, back.dtype)
print(type(back).__name__)
x = torch.arange(4)
print(x.numpy())
print(x.tolist(), type(x.tolist()))
print(torch.tensor(np.arange(3)).dtype)
arr[0, 0] = 99
print(t)
w = torch.ones(2, requires_grad=True)
print(w.detach().numpy())
