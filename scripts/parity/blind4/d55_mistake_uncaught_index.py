import torch
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(3, 5)
labels = torch.tensor([1, 4, 5])
print(logits.argmax(dim=1))
print(F.softmax(logits, dim=1).sum(dim=1))
loss = F.cross_entropy(logits, labels)
print(loss)
