import torch

torch.manual_seed(0)
preds = torch.randint(0, 3, (20,))
labels = torch.randint(0, 3, (20,))
print(preds.tolist())
print(labels.tolist())
acc = (preds == labels).sum().item() / len(labels)
print(f"Accuracy: {acc:.4f}")
cm = torch.zeros(3, 3, dtype=torch.int64)
for t, p in zip(labels, preds):
    cm[t, p] += 1
print(cm)
print(cm.diag(), cm.sum(1))
per_class = cm.diag().float() / cm.sum(1).float()
for i, a in enumerate(per_class):
    print(f"class {i}: {a:.3f}")
print(torch.bincount(labels, minlength=3))
cm2 = torch.bincount(labels * 3 + preds, minlength=9).reshape(3, 3)
print(torch.equal(cm, cm2))
precision = cm.diag() / cm.sum(0)
print(precision)
