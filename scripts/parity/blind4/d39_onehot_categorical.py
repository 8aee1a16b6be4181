import numpy as np
import torch
import torch.nn.functional as F

colors = ['red', 'green', 'blue', 'green', 'red', 'red']
classes = sorted(set(colors))
print(classes)
to_idx = {c: i for i, c in enumerate(classes)}
idx = torch.tensor([to_idx[c] for c in colors])
print(idx)
oh = F.one_hot(idx)
print(oh, oh.dtype)
print(F.one_hot(idx, num_classes=5).float())
print(oh.sum(0).tolist())
np_oh = np.eye(len(classes))[idx.numpy()]
print(np_oh)
print(np.array_equal(np_oh, oh.numpy()))
labels = oh.argmax(dim=1)
print([classes[i] for i in labels.tolist()])
emb = torch.nn.Embedding(3, 2)
torch.manual_seed(0)
emb = torch.nn.Embedding(3, 2)
print(emb(idx))
counts = torch.bincount(idx)
print(counts, (counts.float() / counts.sum()))
print(torch.unique(idx, return_counts=True))
