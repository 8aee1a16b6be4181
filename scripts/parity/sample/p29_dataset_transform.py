import torch
from torch.utils.data import Dataset, DataLoader

class Normalised(Dataset):
    def __init__(self, data, transform=None):
        self.data = data
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        sample = self.data[index]
        if self.transform:
            sample = self.transform(sample)
        return sample

torch.manual_seed(3)
raw = torch.rand(6, 3) * 10
mean = raw.mean(0)
std = raw.std(0)
ds = Normalised(raw, transform=lambda s: (s - mean) / std)
print(ds[0])
batch = next(iter(DataLoader(ds, batch_size=6)))
print(batch.mean(0))
print(batch.std(0))
