import torch
import torch.nn as nn

torch.manual_seed(0)
criterion = nn.CrossEntropyLoss()
logits = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, 2])
print(criterion(logits, target))
print(criterion(logits, target.float().softmax(0).unsqueeze(1).expand(4, 3)))
try:
    criterion(logits, target.float())
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    criterion(logits, torch.tensor([0, 3, 1, 2]))
except IndexError as e:
    print("IndexError:", e)
try:
    criterion(logits, target.unsqueeze(1))
except RuntimeError as e:
    print("RuntimeError:", e)
bce = nn.BCELoss()
probs = torch.sigmoid(torch.randn(4))
try:
    bce(probs, torch.tensor([0, 1, 1, 0]))
except RuntimeError as e:
    print("RuntimeError:", e)
print(bce(probs, torch.tensor([0., 1., 1., 0.])))
try:
    nn.BCEWithLogitsLoss()(torch.randn(4, 1), torch.ones(4))
except ValueError as e:
    print("ValueError:", e)
nll = nn.NLLLoss(ignore_index=-100)
print(nll(torch.log_softmax(logits, 1), torch.tensor([0, -100, 1, 2])))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target))
print(nn.CrossEntropyLoss(reduction='none')(logits, target))
criterion(logits, torch.tensor([0, 1]))
