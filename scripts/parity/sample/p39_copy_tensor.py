import copy
import torch

a = torch.tensor([1., 2., 3.], requires_grad=True)
b = copy.deepcopy(a)
print(b, b.requires_grad, b is a)
c = copy.copy(torch.tensor([4, 5]))
print(c)
lst = [torch.zeros(2), torch.ones(2)]
lst2 = copy.deepcopy(lst)
lst2[0].add_(5)
print(lst, lst2)
shared = torch.zeros(2)
pair = [shared, shared]
pc = copy.deepcopy(pair)
pc[0].add_(1)
print(pc)
d = {'w': torch.ones(2), 'n': 3, 'tags': ['a', 'b']}
d2 = copy.deepcopy(d)
d2['tags'].append('c')
print(d, d2)
