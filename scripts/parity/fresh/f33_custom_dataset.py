import torch
from torch.utils.data import Dataset, DataLoader

class Squares(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.x[idx] ** 2

ds = Squares(7)
print(len(ds), ds[2])
torch.manual_seed(1)
dl = DataLoader(ds, batch_size=2, shuffle=True)
for xb, yb in dl:
    print(xb, yb)
total = 0.0
for xb, yb in DataLoader(ds, batch_size=3):
    total += yb.sum().item()
print("total", total)
print(dl.batch_size, len(dl.dataset))
