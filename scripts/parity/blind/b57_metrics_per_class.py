import torch

torch.manual_seed(0)
num_classes = 3
logits = torch.randn(30, num_classes)
labels = torch.randint(0, num_classes, (30,))
preds = logits.argmax(dim=1)
print(preds)
print(labels)
acc = (preds == labels).float().mean()
print(f"accuracy: {acc:.4f}")
print(f"accuracy: {acc.item() * 100:.1f}%")

conf = torch.zeros(num_classes, num_classes, dtype=torch.long)
for t, p in zip(labels, preds):
    conf[t, p] += 1
print(conf)
print(torch.bincount(labels * num_classes + preds, minlength=9).reshape(3, 3))

tp = conf.diag()
precision = tp / conf.sum(dim=0).clamp(min=1)
recall = tp / conf.sum(dim=1)
f1 = 2 * precision * recall / (precision + recall)
for c in range(num_classes):
    print(f"class {c}: precision={precision[c]:.4f} recall={recall[c]:.4f} f1={f1[c]:.4f}")
print("macro F1:", f1.mean().item())

for c in range(num_classes):
    mask = labels == c
    print(c, mask.sum().item(), (preds[mask] == c).float().mean().item())

probs = torch.softmax(logits, dim=1)
top2 = probs.topk(2, dim=1).indices
print((top2 == labels.unsqueeze(1)).any(dim=1).float().mean())
print(torch.bincount(preds, minlength=3))
