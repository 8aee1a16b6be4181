import torch
from torch.utils.data import Dataset, DataLoader, TensorDataset, random_split

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.x[i] ** 2

ds = SquaresDataset(10)
print(len(ds), ds[3])
loader = DataLoader(ds, batch_size=4)
for i, (xb, yb) in enumerate(loader):
    print(i, xb, yb)
print(len(loader))
loader = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader), [xb.shape for xb, _ in loader])
torch.manual_seed(0)
shuffled = DataLoader(ds, batch_size=5, shuffle=True)
for xb, yb in shuffled:
    print(xb.tolist())
g = torch.Generator().manual_seed(42)
train, val = random_split(ds, [7, 3], generator=g)
print(len(train), len(val), sorted(int(x) for x, _ in val))
td = TensorDataset(torch.arange(6).reshape(3, 2), torch.tensor([0, 1, 0]))
print(td[1])
print(next(iter(DataLoader(td, batch_size=2))))
