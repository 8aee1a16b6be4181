import torch

x = torch.arange(-8.0, 8.0, 1.0, requires_grad=True)
y = torch.relu(x)
print(y)
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)

y = torch.sigmoid(x)
print(y)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)

y = torch.tanh(x)
print(y)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)

import torch.nn.functional as F
z = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
print(F.leaky_relu(z, 0.1))
print(F.elu(z))
print(F.gelu(z))
print(F.softplus(z))
print(F.silu(z))
print(torch.nn.PReLU()(z))
