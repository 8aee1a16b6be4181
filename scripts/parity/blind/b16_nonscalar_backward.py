import torch

x = torch.arange(4.0, requires_grad=True)
y = x * x
try:
    y.backward()
except RuntimeError as e:
    print(e)
y.backward(gradient=torch.ones(len(y)))
print(x.grad)

x.grad.zero_()
y = x * x
y.sum().backward()
print(x.grad)

x.grad = None
y = 3 * x
y.backward(torch.tensor([1.0, 0.1, 0.01, 0.001]))
print(x.grad)

m = torch.ones(2, 2, requires_grad=True)
out = m @ torch.tensor([[1.0, 2.0], [3.0, 4.0]])
out.backward(torch.eye(2))
print(m.grad)
