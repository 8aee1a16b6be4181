import torch
from torch.utils.data import TensorDataset, DataLoader

X = torch.arange(20, dtype=torch.float32).reshape(10, 2)
y = torch.arange(10)
ds = TensorDataset(X, y)
print(len(ds))
print(ds[3])
xb, yb = ds[0]
print(xb, yb)

loader = DataLoader(ds, batch_size=4)
print(len(loader))
for i, (xb, yb) in enumerate(loader):
    print(i, xb.shape, yb.tolist())

loader = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader), [b[1].tolist() for b in loader])

torch.manual_seed(0)
loader = DataLoader(ds, batch_size=3, shuffle=True)
for epoch in range(2):
    print(f"epoch {epoch}:", [yb.tolist() for _, yb in loader])

first = next(iter(loader))
print(type(first), len(first))
print(ds.tensors[0].shape)
try:
    TensorDataset(X, torch.arange(9))
except AssertionError as e:
    print("AssertionError", e)
