import torch
import torch.nn as nn

torch.manual_seed(0)
logits = torch.randn(3, 4)
target = torch.tensor([1.0, 0.0, 3.0])
crit = nn.CrossEntropyLoss()
try:
    print(crit(logits, target))
except RuntimeError as e:
    print("RuntimeError:", e)
target_i = torch.tensor([1, 0, 3], dtype=torch.int32)
try:
    print(crit(logits, target_i))
except RuntimeError as e:
    print("RuntimeError:", e)
print(crit(logits, target_i.long()))
print(crit(logits, torch.tensor([5, 0, 1])))
