import torch
from torch.utils.data import TensorDataset, DataLoader, random_split, Subset

torch.manual_seed(42)
X = torch.arange(20, dtype=torch.float32).view(10, 2)
y = torch.arange(10) % 2
ds = TensorDataset(X, y)
print(len(ds), ds[3])
print(ds.tensors[0].shape, ds.tensors[1].dtype)

train_ds, val_ds = random_split(ds, [7, 3])
print(type(train_ds).__name__, len(train_ds), len(val_ds))
print(train_ds.indices, val_ds.indices)
print(val_ds[0])

g = torch.Generator().manual_seed(1)
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=g)
print(list(a), list(b), list(c))

train_loader = DataLoader(train_ds, batch_size=3, shuffle=True)
for epoch in range(2):
    for i, (xb, yb) in enumerate(train_loader):
        print(epoch, i, xb.tolist(), yb.tolist())

sub = Subset(ds, [0, 2, 4])
print(len(sub), sub[1])
xs = torch.stack([sub[i][0] for i in range(len(sub))])
print(xs, xs.mean(0))
full = DataLoader(ds, batch_size=len(ds))
Xb, yb = next(iter(full))
print(torch.equal(Xb, X), yb)
