import torch
from torch.utils.data import DataLoader, Dataset

class MyData(Dataset):
    def __init__(self):
        torch.manual_seed(0)
        self.data = torch.randn(12, 3)
        self.labels = torch.randint(0, 2, (12,))

    def __len__(self):
        return self.data.shape[0]

    def __getitem__(self, i):
        return self.data[i], self.labels[i]

torch.manual_seed(1)
dl = DataLoader(MyData(), batch_size=5, shuffle=True)
for epoch in range(2):
    for batch_idx, (x, y) in enumerate(dl):
        print(epoch, batch_idx, x.shape, y)
print(dl.batch_size, len(dl.dataset))
