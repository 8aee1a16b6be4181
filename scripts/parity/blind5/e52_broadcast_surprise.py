import warnings
import torch

y_true = torch.tensor([1.0, 2.0, 3.0, 4.0])
y_pred = torch.tensor([[1.1], [1.9], [3.2], [3.9]])
diff = y_pred - y_true
print(diff.shape)
print(((y_pred - y_true) ** 2).mean())
print(((y_pred.squeeze(1) - y_true) ** 2).mean())
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    loss = torch.nn.functional.mse_loss(y_pred, y_true)
    print(loss, len(w) > 0)
    print(str(w[0].message) if w else None)

a = torch.ones(3, 1)
b = torch.arange(4.)
print((a + b).shape)
print(torch.broadcast_shapes((2, 1, 3), (4, 1)))
x = torch.arange(6.).reshape(2, 3)
print(x - x.mean(dim=1, keepdim=True))
print(x - x.mean(dim=0))
try:
    print(x - x.mean(dim=1))
except RuntimeError as e:
    print("RuntimeError:", e)
c = torch.zeros(3)
c += torch.ones(1)
print(c)
try:
    c += torch.ones(2, 3)
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.ones(2, 3) * torch.tensor([[1.], [2.]]))
print(torch.ones(4, 1, 3).expand(4, 2, 3).sum())
torch.ones(2, 3) + torch.ones(3, 2)
