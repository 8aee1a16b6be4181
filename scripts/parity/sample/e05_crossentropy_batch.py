import torch
import torch.nn as nn

torch.manual_seed(0)
logits = torch.randn(4, 3)
target = torch.tensor([0, 2, 1])
criterion = nn.CrossEntropyLoss()
loss = criterion(logits, target)
