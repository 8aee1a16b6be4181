import torch
import torch.nn as nn

torch.manual_seed(7)
pred = torch.randn(5, 2)
target = torch.randn(5, 2)
for red in ['mean', 'sum', 'none']:
    print(red, nn.MSELoss(reduction=red)(pred, target))
    print(red, nn.L1Loss(reduction=red)(pred, target))

logits = torch.randn(5, 4)
labels = torch.tensor([3, 0, 1, 1, 2])
per = nn.CrossEntropyLoss(reduction='none')(logits, labels)
print(per)
print(per.mean(), per.sum())
print(nn.KLDivLoss(reduction='batchmean')(torch.log_softmax(logits, 1), torch.softmax(pred.repeat(1, 2), 1)))
print(nn.CosineEmbeddingLoss()(pred, target, torch.tensor([1, -1, 1, 1, -1])))
print(nn.MarginRankingLoss(margin=0.1)(pred[:, 0], pred[:, 1], torch.tensor([1.0, -1.0, 1.0, -1.0, 1.0])))
try:
    nn.MSELoss(reduction='avg')(pred, target)
except ValueError as e:
    print(e)
