import torch
from torch.utils.data import Dataset, DataLoader, random_split

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

ds = SquaresDataset(10)
print(len(ds))
print(ds[3])
loader = DataLoader(ds, batch_size=4, shuffle=False)
for i, (xb, yb) in enumerate(loader):
    print(i, xb.flatten().tolist(), yb.flatten().tolist())
print(len(loader))

g = torch.Generator().manual_seed(42)
loader = DataLoader(ds, batch_size=3, shuffle=True, generator=g, drop_last=True)
for xb, yb in loader:
    print(xb.squeeze(1))

train_ds, val_ds = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(0))
print(len(train_ds), len(val_ds))
print(sorted(int(train_ds[i][0].item()) for i in range(len(train_ds))))

class PairDataset(Dataset):
    def __init__(self):
        self.items = [("a", 1), ("bb", 2), ("ccc", 3)]
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        s, n = self.items[i]
        return {"text": s, "len": torch.tensor(len(s)), "label": n}

for batch in DataLoader(PairDataset(), batch_size=2):
    print(batch)
