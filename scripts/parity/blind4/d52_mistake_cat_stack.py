import torch

a = torch.zeros(2, 3)
b = torch.ones(3, 3)
print(torch.cat([a, b]).shape)
try:
    torch.cat([a, b], dim=1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.stack([a, b])
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.stack([a, a], dim=1).shape)
try:
    torch.cat([a, torch.ones(3)])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.cat(a, b)
except TypeError as e:
    print("TypeError:", e)
parts = [torch.full((1, 2), float(i)) for i in range(3)]
print(torch.cat(parts))
print(torch.vstack(parts).shape, torch.hstack(parts).shape)
chunks = torch.arange(10).chunk(3)
print(chunks)
print(torch.arange(10).split([2, 3, 5]))
