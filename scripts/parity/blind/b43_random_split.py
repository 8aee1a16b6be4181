import torch
from torch.utils.data import TensorDataset, DataLoader, random_split, Subset

torch.manual_seed(0)
X = torch.randn(100, 3)
y = (X.sum(dim=1) > 0).long()
ds = TensorDataset(X, y)
train_ds, val_ds = random_split(ds, [80, 20], generator=torch.Generator().manual_seed(42))
print(len(train_ds), len(val_ds))
print(train_ds.indices[:10])
print(val_ds.indices[:5])
print(type(train_ds).__name__)

a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print(list(a), list(b), list(c))

sub = Subset(ds, [0, 1, 2])
print(len(sub), sub[1][1])
print(y[:3])

train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=32)
print(len(train_loader), len(val_loader))
total = 0
for xb, yb in val_loader:
    total += yb.sum().item()
print("positives in val:", total)
try:
    random_split(ds, [50, 40])
except ValueError as e:
    print(e)
