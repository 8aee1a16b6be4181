# Mistakes with dtypes that every first-year student makes
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
logits = torch.randn(4, 3)
target = torch.tensor([0., 2., 1., 1.])
loss_fn = nn.CrossEntropyLoss()
try:
    print(loss_fn(logits, target))
except RuntimeError as e:
    print("RuntimeError:", e)
print(loss_fn(logits, target.long()))
layer = nn.Linear(3, 2)
x = torch.from_numpy(np.array([[1.0, 2.0, 3.0]]))
print(x.dtype)
try:
    layer(x)
except RuntimeError as e:
    print("RuntimeError:", e)
print(layer(x.float()))
ints = torch.tensor([1, 2, 3])
try:
    ints.mean()
except RuntimeError as e:
    print("RuntimeError:", e)
print(ints.float().mean())
try:
    torch.tensor([1, 2, 3], requires_grad=True)
except RuntimeError as e:
    print("RuntimeError:", e)
mse = nn.MSELoss()
try:
    print(mse(torch.randn(3), torch.tensor([1, 0, 1])))
except RuntimeError as e:
    print("RuntimeError:", e)
