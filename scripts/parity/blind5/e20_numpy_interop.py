import numpy as np
import torch

array = np.arange(1.0, 8.0)
tensor = torch.from_numpy(array)
print(array, tensor)
array = array + 1
print(array, tensor)

tensor = torch.ones(7)
numpy_tensor = tensor.numpy()
print(tensor, numpy_tensor, numpy_tensor.dtype)
tensor.add_(1)
print(numpy_tensor)

a = np.array([[1, 2], [3, 4]], dtype=np.int32)
t = torch.tensor(a)
print(t, t.dtype)
t2 = torch.as_tensor(a)
a[0, 0] = 100
print(t[0, 0].item(), t2[0, 0].item())

np.random.seed(0)
data = np.random.randn(3, 2)
print(torch.from_numpy(data))
print(torch.from_numpy(data).float())
print(torch.tensor(data.tolist()))
print(np.float32(torch.tensor(2.5).item()), type(torch.tensor(2.5).item()))
b = torch.linspace(0, 1, 5).numpy()
print(b, b.shape, b.sum())
print(np.mean(torch.arange(4.).numpy()), torch.arange(4).numpy().dtype)
c = torch.tensor([1.5, 2.5]).numpy().astype(np.int64)
print(c, list(c))
