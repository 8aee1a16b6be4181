import torch
2 + 3
_ * 10
x = torch.tensor([1., 2.]) * 3
x.sum()
_.item()
_ + 1
torch.ones(2)
y = _
y
[1, 2, 3]
len(_)
