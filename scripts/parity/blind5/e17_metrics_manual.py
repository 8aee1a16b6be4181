import torch

torch.manual_seed(3)
num_classes = 3
y_true = torch.randint(0, num_classes, (30,))
logits = torch.randn(30, num_classes) + 1.5 * torch.nn.functional.one_hot(y_true, num_classes)
y_pred = logits.argmax(dim=1)
print(y_true.tolist())
print(y_pred.tolist())

confmat = torch.zeros(num_classes, num_classes, dtype=torch.int64)
for t, p in zip(y_true, y_pred):
    confmat[t, p] += 1
print(confmat)
confmat2 = torch.bincount(y_true * num_classes + y_pred, minlength=num_classes ** 2).reshape(num_classes, num_classes)
print(torch.equal(confmat, confmat2))

tp = confmat.diag().float()
precision = tp / confmat.sum(dim=0).float()
recall = tp / confmat.sum(dim=1).float()
f1 = 2 * precision * recall / (precision + recall)
print("precision", precision)
print("recall", recall)
print("f1", f1)
print(f"macro F1: {f1.mean().item():.4f}")
print(f"accuracy: {(y_pred == y_true).float().mean().item():.4f}")

probs = torch.softmax(logits, dim=1)
top2 = probs.topk(2, dim=1).indices
top2_acc = (top2 == y_true.unsqueeze(1)).any(dim=1).float().mean()
print(f"top-2 accuracy: {top2_acc:.4f}")
for c in range(num_classes):
    print(f"class {c}: support={int((y_true == c).sum())} precision={precision[c]:.3f} recall={recall[c]:.3f}")
