import torch
from torch.utils.data import Subset, TensorDataset, DataLoader

ds = TensorDataset(torch.arange(10.).view(10, 1), torch.arange(10))
sub = Subset(ds, [0, 2, 4, 6])
print(len(sub))
print(sub[1])
for x, y in DataLoader(sub, batch_size=3):
    print(x.squeeze(1), y)
print(sub.dataset is ds, sub.indices)
