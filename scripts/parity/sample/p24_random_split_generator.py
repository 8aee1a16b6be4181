import torch
from torch.utils.data import random_split

data = list(range(10))
a, b = random_split(data, [7, 3], generator=torch.Generator().manual_seed(42))
print(list(a))
print(list(b))
c, d = random_split(range(10), [0.8, 0.2], generator=torch.Generator().manual_seed(0))
print(list(c), list(d))
