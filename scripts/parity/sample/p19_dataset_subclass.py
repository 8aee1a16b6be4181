import torch
from torch.utils.data import Dataset, DataLoader

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

ds = SquaresDataset(10)
print(len(ds))
print(ds[3])
loader = DataLoader(ds, batch_size=4)
for xb, yb in loader:
    print(xb, yb)
print(len(loader))
