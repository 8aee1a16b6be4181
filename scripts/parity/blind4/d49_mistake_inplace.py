import torch

torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
try:
    w -= 0.1
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    w[0] = 1.0
except RuntimeError as e:
    print("RuntimeError:", e)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.sigmoid()
b.mul_(2)
try:
    b.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
c = a * 3
c += 1
c.sum().backward()
print(a.grad)
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
print(w.detach().numpy().shape)
