import torch

w = torch.tensor([0.5, -0.5], requires_grad=True)
with torch.no_grad():
    y = w * 2
print(y.requires_grad)
print(y)
d = w.detach()
print(d.requires_grad, d)
z = w * 2
print(z)
print(z.detach())
with torch.no_grad():
    w -= 0.1 * torch.ones(2)
print(w)
print(torch.is_grad_enabled())
@torch.no_grad()
def predict(v):
    return v * w
print(predict(torch.ones(2)))
torch.set_grad_enabled(False)
print((w * 3).requires_grad)
torch.set_grad_enabled(True)
print((w * 3).requires_grad)
e = w.detach().clone().requires_grad_(True)
print(e)
