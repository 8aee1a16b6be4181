import torch
import torch.nn.functional as F

torch.manual_seed(3)
logits = torch.randn(4, 5)
targets = torch.tensor([1, 0, 4, 2])
probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
print(probs)
print(probs.sum(dim=1))
print(F.softmax(logits, dim=1))
manual = -torch.log(probs[range(4), targets]).mean()
print(manual)
print(F.cross_entropy(logits, targets))
logp = F.log_softmax(logits, dim=1)
print(F.nll_loss(logp, targets))
print(-logp[torch.arange(4), targets].mean())
print(F.cross_entropy(logits, targets, reduction='none'))
print(F.cross_entropy(logits, targets, reduction='sum'))
print(torch.isclose(manual, F.cross_entropy(logits, targets)))
