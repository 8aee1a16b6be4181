import torch
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
X = torch.arange(20, dtype=torch.float32).reshape(10, 2)
y = torch.arange(10)
ds = TensorDataset(X, y)
print(len(ds))
print(ds[3])
loader = DataLoader(ds, batch_size=4, shuffle=True)
print(len(loader))
for epoch in range(2):
    for i, (xb, yb) in enumerate(loader):
        print(epoch, i, xb.shape, yb.tolist())
loader2 = DataLoader(ds, batch_size=3, drop_last=True)
print([yb.tolist() for _, yb in loader2])
xb, yb = next(iter(loader))
print(xb)
