import torch
from torch.utils.data import TensorDataset, random_split, DataLoader

torch.manual_seed(42)
X = torch.randn(20, 4)
y = torch.randint(0, 3, (20,))
full = TensorDataset(X, y)
train_ds, val_ds = random_split(full, [16, 4])
print(len(train_ds), len(val_ds))
print(train_ds.indices)
print(val_ds.indices)
print(type(train_ds).__name__)
val_loader = DataLoader(val_ds, batch_size=2)
for xb, yb in val_loader:
    print(yb)
