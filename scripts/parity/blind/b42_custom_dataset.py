import torch
from torch.utils.data import Dataset, DataLoader

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(0, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

ds = SquaresDataset(8)
print(len(ds))
print(ds[2])
loader = DataLoader(ds, batch_size=3)
for xb, yb in loader:
    print(xb.squeeze(1), yb.squeeze(1))

class DictDataset(Dataset):
    def __init__(self):
        self.items = [("a", 1), ("bb", 2), ("ccc", 3), ("dddd", 4)]
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        s, n = self.items[i]
        return {"text": s, "length": len(s), "value": torch.tensor(float(n))}

for batch in DataLoader(DictDataset(), batch_size=2):
    print(batch)

def collate(batch):
    xs, ys = zip(*batch)
    return torch.cat(xs), torch.stack(ys)

for xb, yb in DataLoader(ds, batch_size=4, collate_fn=collate):
    print(xb.shape, yb.shape)
