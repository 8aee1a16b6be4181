import torch
from torch.distributions import multinomial

torch.manual_seed(42)
fair_probs = torch.ones([6]) / 6
print(fair_probs)
print(multinomial.Multinomial(1, fair_probs).sample())
print(multinomial.Multinomial(10, fair_probs).sample())
counts = multinomial.Multinomial(1000, fair_probs).sample()
print(counts / 1000)

counts = multinomial.Multinomial(10, fair_probs).sample((500,))
cum_counts = counts.cumsum(dim=0)
estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
print(estimates.shape)
print(estimates[-1])
print(estimates[:3])

torch.manual_seed(1)
coin = torch.rand(20) < 0.5
print(coin)
print(coin.sum().item(), coin.float().mean().item())
samples = torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 10, replacement=True)
print(samples)
print(torch.bincount(samples, minlength=3))
