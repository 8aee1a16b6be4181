import torch

w = torch.ones(3, requires_grad=True)
try:
    w += 1
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    w.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(w)
x = torch.tensor([1.0, 2.0], requires_grad=True)
print(x.numpy())
