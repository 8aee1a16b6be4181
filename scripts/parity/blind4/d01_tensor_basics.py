# Week 1 lab: tensors (cells pasted at the prompt one after another)
import torch
x = torch.arange(12)
x
x.shape
x.numel()
X = x.reshape(3, 4)
X
torch.zeros((2, 3, 4)).shape
torch.ones(2, 3)
torch.manual_seed(0)
torch.randn(3, 4)
torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
a = torch.tensor([1.0, 2, 4, 8])
b = torch.tensor([2, 2, 2, 2])
a + b, a - b, a * b, a / b, a ** b
torch.exp(a)
Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
Xf = X.float()
torch.cat((Xf, Y), dim=0)
torch.cat((Xf, Y), dim=1)
Xf == Y
Xf.sum()
X.dtype, Xf.dtype, (X / 2).dtype
_
len(X), X.size(1), X.ndim
