import torch

torch.manual_seed(0)
stats = {'loss': [], 'acc': []}
for i in range(3):
    stats['loss'].append(torch.rand(1).item())
    stats['acc'].append(i / 3)
print(stats)
metrics = {'train': torch.tensor(0.5), 'val': torch.tensor(0.75)}
print(metrics)
print(metrics.items())
print({k: round(v.item(), 2) for k, v in metrics.items()})
best = max(metrics, key=lambda k: metrics[k])
print(best)
print(list(zip(metrics.keys(), metrics.values())))
