import torch
import torch.nn.functional as F

torch.manual_seed(0)
N = 4
logits = torch.randn(N, 3)
y = torch.tensor([0, 2, 1, 1])
logp = F.log_softmax(logits, dim=1)
print(logp[range(N), y])
print(-logp[range(N), y].mean())
print(F.nll_loss(logp, y))
print(torch.tensor(range(5)))
print(torch.tensor(list(range(3))) * 2)
print(logits[range(2)])
print(torch.arange(N)[range(1, 3)])
