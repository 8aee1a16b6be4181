import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(4, 5)
target = torch.tensor([1, 0, 4, 2])
ce = nn.CrossEntropyLoss()(logits, target)
nll = nn.NLLLoss()(F.log_softmax(logits, dim=1), target)
print(ce, nll, torch.allclose(ce, nll))
print(F.softmax(logits, dim=1).sum(dim=1))
print(nn.CrossEntropyLoss(reduction='none')(logits, target))
print(nn.CrossEntropyLoss(reduction='sum')(logits, target))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target))
manual = -F.log_softmax(logits, 1)[range(4), target].mean()
print(manual)
weights = torch.tensor([1.0, 2.0, 1.0, 1.0, 0.5])
print(F.cross_entropy(logits, target, weight=weights))
