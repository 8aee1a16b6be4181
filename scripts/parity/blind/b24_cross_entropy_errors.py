import torch
import torch.nn as nn

criterion = nn.CrossEntropyLoss()
logits = torch.randn(4, 3)

# mistake 1: float labels of the wrong shape
try:
    criterion(logits, torch.tensor([0.0, 1.0, 2.0, 1.0]))
except RuntimeError as e:
    print("1:", e)

# mistake 2: one-hot labels as long
try:
    criterion(logits, torch.tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]))
except RuntimeError as e:
    print("2:", e)

# mistake 3: batch size mismatch
try:
    criterion(logits, torch.tensor([0, 1, 2]))
except ValueError as e:
    print("3:", e)

# mistake 4: class index out of range
try:
    criterion(logits, torch.tensor([0, 1, 3, 1]))
except IndexError as e:
    print("4:", e)

# mistake 5: int labels for BCE
try:
    nn.BCEWithLogitsLoss()(torch.randn(4), torch.tensor([1, 0, 1, 0]))
except RuntimeError as e:
    print("5:", e)

# mistake 6: shapes differ for BCEWithLogits
try:
    nn.BCEWithLogitsLoss()(torch.randn(4, 1), torch.tensor([1.0, 0.0, 1.0, 0.0]))
except ValueError as e:
    print("6:", e)
