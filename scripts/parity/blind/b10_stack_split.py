import torch

x = torch.arange(10)
print(torch.split(x, 3))
print(torch.chunk(x, 3))
a, b = x.split([4, 6])
print(a, b)

m = torch.arange(12).reshape(3, 4)
for part in m.chunk(2, dim=1):
    print(part)

print(torch.stack([torch.zeros(2), torch.ones(2)], dim=1))
print(torch.hstack([torch.tensor([1, 2]), torch.tensor([3])]))
print(torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])]))
print(m.unbind(0))
print(torch.flip(x, dims=[0]))
print(m.repeat(1, 2))
print(torch.tensor([1, 2]).expand(3, 2))
print(torch.tensor([[1], [2]]).expand(-1, 3))
print(m.index_select(1, torch.tensor([0, 3])))
print(torch.gather(m, 1, torch.tensor([[0], [1], [2]])))
print(torch.tril(torch.ones(3, 3)))
print(torch.triu(torch.ones(3, 3), diagonal=1))
print(x.roll(2))
print(torch.unique(torch.tensor([3, 1, 2, 3, 1])))
print(m.masked_fill(m > 8, -1))
