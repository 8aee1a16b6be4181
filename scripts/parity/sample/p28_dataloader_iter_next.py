import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
images = torch.randn(32, 1, 4, 4)
labels = torch.randint(0, 10, (32,))
loader = DataLoader(TensorDataset(images, labels), batch_size=8, shuffle=True)
dataiter = iter(loader)
imgs, labs = next(dataiter)
print(imgs.shape)
print(labs)
imgs, labs = next(dataiter)
print(labs)
print(len(loader))
print(loader.batch_size)
