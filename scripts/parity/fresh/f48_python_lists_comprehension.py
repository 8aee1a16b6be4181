import torch

data = [[1, 2], [3, 4], [5, 6]]
t = torch.tensor(data, dtype=torch.float32)
sq = [x ** 2 for x in range(5)]
print(sq)
rows = [row.sum().item() for row in t]
print(rows)
print({i: v for i, v in enumerate(t[:, 0].tolist())})
print(sorted(t.flatten().tolist(), reverse=True))
print(max(t.flatten().tolist()), min(rows))
pairs = list(zip(["a", "b", "c"], t.tolist()))
print(pairs)
names = ["cat", "dog", "bird"]
scores = torch.tensor([0.2, 0.7, 0.1])
best = names[scores.argmax()]
print(best)
print(dict(zip(names, scores.tolist())))
total = sum(t.flatten())
print(total)
print(torch.stack([torch.tensor(r) for r in data]).shape)
print(list(map(lambda v: round(v, 2), scores.tolist())))
print(any(t.flatten() > 5), all(t.flatten() > 0))
