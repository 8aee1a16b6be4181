from collections import Counter, defaultdict
import torch

labels = torch.tensor([0, 1, 1, 2, 2, 2])
c = Counter(labels.tolist())
print(c)
print(c.most_common(1))
groups = defaultdict(list)
for i, l in enumerate(labels.tolist()):
    groups[l].append(i)
print(dict(groups))
print(groups[5])
print(sorted(groups.items()))
