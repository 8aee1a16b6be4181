import torch

torch.manual_seed(2)
preds = torch.randint(0, 3, (20,))
labels = torch.randint(0, 3, (20,))
cm = torch.zeros(3, 3, dtype=torch.int64)
for t, p in zip(labels, preds):
    cm[t, p] += 1
print(cm)
print(torch.bincount(labels * 3 + preds, minlength=9).reshape(3, 3))
print(cm.diag(), cm.sum(1))
print(cm.diag().float() / cm.sum(1).float())
print((preds == labels).float().mean())
print(f"accuracy: {(preds == labels).sum().item() / len(labels):.2f}")
print(torch.unique(preds, return_counts=True))
print(cm.trace().item(), cm.sum().item())
