import torch

w = torch.ones(3, requires_grad=True)
try:
    w += 1
except RuntimeError as e:
    print(e)
with torch.no_grad():
    w += 1
print(w)
print(w.is_leaf, (w * 2).is_leaf)
b = w * 2
print(b.grad)
