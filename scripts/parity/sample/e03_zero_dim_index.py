import torch
import torch.nn as nn

loss = nn.MSELoss()(torch.tensor([1., 2.]), torch.tensor([1., 3.]))
print(loss)
print(loss.shape, loss.dim())
try:
    print(loss[0])
except IndexError as e:
    print("IndexError:", e)
print(loss.item())
print(loss.view(1)[0])
