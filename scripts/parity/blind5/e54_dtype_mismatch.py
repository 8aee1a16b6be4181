import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 2)
x_np = np.array([[1.0, 2.0, 3.0]])
x = torch.from_numpy(x_np)
print(x.dtype, layer.weight.dtype)
try:
    layer(x)
except RuntimeError as e:
    print("RuntimeError:", e)
print(layer(x.float()))

ints = torch.tensor([[1, 2, 3]])
try:
    layer(ints)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.ones(2, dtype=torch.int64) + torch.ones(2, dtype=torch.float64))
try:
    torch.ones(3).add_(torch.ones(3, dtype=torch.float64))
    print("ok in-place float += double")
    torch.ones(3, dtype=torch.long).add_(torch.ones(3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.tensor([1, 2, 3], requires_grad=True)
except RuntimeError as e:
    print("RuntimeError:", e)
double_model = nn.Linear(3, 2).double()
print(double_model(x).dtype)
print(torch.tensor([1, 2]).float().mean(), torch.tensor([1., 2.]).long())
torch.tensor([1, 2, 3]).mean()
