import torch
from torch.utils.data import Dataset, DataLoader

class DictDataset(Dataset):
    def __init__(self):
        self.n = 6

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {"x": torch.full((2,), float(i)), "label": i % 2}

loader = DataLoader(DictDataset(), batch_size=4)
for batch in loader:
    print(batch["x"])
    print(batch["label"])
    print(sorted(batch.keys()))
