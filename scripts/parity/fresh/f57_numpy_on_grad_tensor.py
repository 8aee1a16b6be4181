import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
x = torch.randn(2, 3)
out = model(x)
print(out.detach().numpy().shape)
arr = out.numpy()
print(arr)
