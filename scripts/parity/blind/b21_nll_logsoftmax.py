import torch
import torch.nn as nn

torch.manual_seed(1)
x = torch.randn(3, 5)
m = nn.LogSoftmax(dim=1)
lsm = m(x)
print(lsm)
print(lsm.exp().sum(dim=1))
target = torch.tensor([1, 0, 4])
nll = nn.NLLLoss()
print(nll(lsm, target))
print(nn.CrossEntropyLoss()(x, target))
print(nn.NLLLoss(reduction='none')(lsm, target))

sm = nn.Softmax(dim=1)
p = sm(x)
print(p)
print(p.argmax(dim=1))
print(torch.softmax(torch.tensor([1000.0, 1000.0]), dim=0))
print(torch.log_softmax(torch.tensor([1000.0, 0.0]), dim=0))
print(torch.log(torch.softmax(torch.tensor([1000.0, 0.0]), dim=0)))

try:
    nll(lsm, torch.tensor([1, 0, 5]))
except IndexError as e:
    print("IndexError:", e)
