import torch
from torch.utils.data import Dataset, DataLoader

class Pairs(Dataset):
    def __len__(self):
        return 5

    def __getitem__(self, i):
        return i, i * 0.5

for a, b in DataLoader(Pairs(), batch_size=2):
    print(a, b)
loader = DataLoader([torch.tensor([1., 2.]), torch.tensor([3., 4.]), torch.tensor([5., 6.])], batch_size=2)
for t in loader:
    print(t)
print(next(iter(loader)))
