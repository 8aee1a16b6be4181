import torch

x = torch.randn(2, 3, 4)
s = x.shape
print(s)
print(s + (5,))
print(s[1:], type(s[1:]))
print(s[0], s[-1])
print(s.numel())
print(s == (2, 3, 4), s == torch.Size([2, 3, 4]))
print(list(s), tuple(s))
print(torch.Size([1, 2]) + torch.Size([3]))
print(len(s))
n, c, h = s
print(n * c * h)
print(torch.zeros(s[1:]).shape)
print(x.view(*s[:2], -1).shape)
print(x.size(-1), x.size()[0])
