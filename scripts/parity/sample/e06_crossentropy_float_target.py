import torch
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(3, 4)
labels = torch.tensor([1., 0., 3.])
try:
    F.cross_entropy(logits, labels)
except RuntimeError as e:
    print(type(e).__name__, e)
print(F.cross_entropy(logits, labels.long()))
try:
    F.cross_entropy(logits, torch.tensor([1, 0, 4]))
except IndexError as e:
    print(type(e).__name__, e)
