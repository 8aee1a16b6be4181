import torch

x = torch.randn(3, requires_grad=True)
y = x * 2
try:
    y.backward()
except RuntimeError as e:
    print(e)
y.backward(torch.ones(3))
print(x.grad)
