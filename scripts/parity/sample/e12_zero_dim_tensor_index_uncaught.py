import torch

total = torch.tensor(0.)
for v in [1., 2., 3.]:
    total += v
print(total)
print(total[0])
