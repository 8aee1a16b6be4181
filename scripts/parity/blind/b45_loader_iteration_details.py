import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(3)
ds = TensorDataset(torch.arange(7).float())
loader = DataLoader(ds, batch_size=2, shuffle=False)
it = iter(loader)
print(next(it))
print(next(it))
batches = list(loader)
print(len(batches), batches[-1])

# a plain list works as a dataset
pairs = [(torch.tensor([float(i)]), i % 2) for i in range(5)]
for xb, yb in DataLoader(pairs, batch_size=2):
    print(xb, yb)

nums = DataLoader(list(range(10)), batch_size=4, shuffle=True)
print([b.tolist() for b in nums])

g = torch.Generator()
g.manual_seed(0)
sh = DataLoader(list(range(6)), batch_size=6, shuffle=True, generator=g)
print(next(iter(sh)))
for step, (batch,) in enumerate(DataLoader(ds, batch_size=3)):
    print(f"step {step}: {batch}")
