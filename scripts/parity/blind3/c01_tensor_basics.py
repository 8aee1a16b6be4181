# d2l 2.1 data manipulation, typed at the prompt one line after another
import torch
x = torch.arange(12, dtype=torch.float32)
x
x.numel()
x.shape
X = x.reshape(3, 4)
X
X.reshape(-1, 6).shape
torch.zeros((2, 3, 4))
torch.ones((2, 3, 4))
torch.manual_seed(0)
torch.randn(3, 4)
torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
X[-1], X[1:3]
X[1, 2] = 17
X
X[:2, :] = 12
X
x.dtype, X.dtype, torch.tensor([1, 2]).dtype
len(X)
for row in X:
    print(row.sum().item())

X.sum(0)
