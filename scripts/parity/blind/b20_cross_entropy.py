import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(4, 3, requires_grad=True)
labels = torch.tensor([0, 2, 1, 2])
criterion = nn.CrossEntropyLoss()
loss = criterion(logits, labels)
print(logits)
print(loss)
loss.backward()
print(logits.grad)

manual = -F.log_softmax(logits, dim=1)[torch.arange(4), labels].mean()
print(manual)
print(f"{loss.item():.6f} vs {manual.item():.6f}")

print(nn.CrossEntropyLoss(reduction='none')(logits, labels))
print(nn.CrossEntropyLoss(reduction='sum')(logits, labels))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, labels))
w = torch.tensor([1.0, 2.0, 0.5])
print(nn.CrossEntropyLoss(weight=w)(logits, labels))
print(nn.CrossEntropyLoss(ignore_index=2)(logits, labels))

# probabilities as targets
probs = torch.tensor([[0.7, 0.2, 0.1]] * 4)
print(F.cross_entropy(logits, probs))

# a single sample
print(F.cross_entropy(torch.tensor([2.0, 1.0, 0.1]), torch.tensor(0)))
