import torch
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
X = torch.randn(10, 3)
y = torch.arange(10)
ds = TensorDataset(X, y)
print(len(ds))
print(ds[0])
print(ds[9][1])
xs, ys = ds[2:5]
print(xs.shape, ys)
loader = DataLoader(ds, batch_size=4, shuffle=False, drop_last=True)
print(len(loader))
for xb, yb in loader:
    print(yb)
print(ds.tensors[1])
