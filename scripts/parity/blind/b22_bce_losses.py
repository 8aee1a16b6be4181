import torch
import torch.nn as nn

torch.manual_seed(0)
logits = torch.randn(6)
targets = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
probs = torch.sigmoid(logits)
print(probs)
bce = nn.BCELoss()
print(bce(probs, targets))
bcel = nn.BCEWithLogitsLoss()
print(bcel(logits, targets))
print(nn.BCEWithLogitsLoss(reduction='none')(logits, targets))
print(nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0))(logits, targets))
print(nn.BCELoss(weight=torch.tensor([1.0, 1.0, 2.0, 2.0, 1.0, 1.0]))(probs, targets))

# extreme values
big = torch.tensor([100.0, -100.0])
t = torch.tensor([0.0, 1.0])
print(nn.BCEWithLogitsLoss()(big, t))
print(nn.BCELoss()(torch.sigmoid(big), t))

try:
    bce(logits, targets)
except RuntimeError as e:
    print(e)

try:
    bce(probs, targets.long())
except RuntimeError as e:
    print(e)

x = torch.randn(4, 1, requires_grad=True)
y = torch.tensor([[1.0], [0.0], [0.0], [1.0]])
l = nn.BCEWithLogitsLoss()(x, y)
l.backward()
print(l.item())
print(x.grad)
