import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.linspace(-3, 3, 7)
print(x)
print(nn.ReLU()(x))
print(nn.LeakyReLU(0.1)(x))
print(nn.ELU()(x))
print(nn.GELU()(x))
print(nn.Sigmoid()(x))
print(nn.Tanh()(x))
print(nn.Softplus()(x))
print(F.silu(x))
print(F.hardtanh(x))
print(nn.Softmax(dim=0)(x))
print(nn.LogSoftmax(dim=0)(x))
print(nn.LeakyReLU(0.1), nn.ELU(), nn.Softmax(dim=1))
