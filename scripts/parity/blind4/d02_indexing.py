# indexing and slicing, typed at the prompt
import torch
X = torch.arange(20, dtype=torch.float32).reshape(4, 5)
X[-1]
X[1:3]
X[1, 2] = 9
X
X[0:2, :] = 12
X
X[:, 1]
X[:, 1:2].shape
X[X > 10]
X[[0, 2], [1, 3]]
mask = X.sum(dim=1) > 40
mask
X[mask].shape
before = id(X)
X += 1
id(X) == before
Y = X.clone()
Y[:] = 0
X[0, 0].item(), Y[0, 0].item()
X.T
X[::2, ::2]
[row.sum().item() for row in X]
for i, row in enumerate(X[:2]):
    print(i, row.tolist())

X.max(dim=1)
