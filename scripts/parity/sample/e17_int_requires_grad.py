import torch

try:
    t = torch.tensor([1, 2, 3], requires_grad=True)
except RuntimeError as e:
    print(e)
t = torch.tensor([1., 2., 3.], requires_grad=True)
print(t)
try:
    t.numpy()
except RuntimeError as e:
    print(e)
print(t.detach().tolist())
try:
    torch.tensor([1, 2]).mean()
except Exception as e:
    print(type(e).__name__, e)
