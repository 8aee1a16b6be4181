import torch
from torch import nn

torch.manual_seed(0)
criterion = nn.CrossEntropyLoss()
logits = torch.randn(4, 3)
labels = torch.tensor([0., 1., 2., 1.])
try:
    print(criterion(logits, labels))
except RuntimeError as e:
    print("error:", e)
print(criterion(logits, labels.long()))

layer = nn.Linear(3, 2)
x = torch.tensor([[1, 2, 3]])
try:
    layer(x)
except RuntimeError as e:
    print("error:", e)
print(layer(x.float()))

d = torch.randn(2, 2, dtype=torch.float64)
f = torch.randn(2, 2)
try:
    print(torch.mm(d, f))
except RuntimeError as e:
    print("error:", e)
print((d + f).dtype)

mse = nn.MSELoss()
try:
    print(mse(torch.randn(3), torch.tensor([1, 0, 1])))
except RuntimeError as e:
    print("error:", e)

i = torch.tensor([1, 2, 3])
try:
    i.requires_grad_(True)
except RuntimeError as e:
    print("error:", e)
print(torch.tensor([1, 2, 3]) / 2)
print(torch.tensor([1, 2, 3]) // 2)
print(torch.tensor([True, False]).sum(), torch.tensor([0.1, 0.2]).to(torch.int64))
scores = torch.tensor([3, 4, 5])
print(scores.mean())
print("not reached")
