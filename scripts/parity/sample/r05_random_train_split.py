import random
import torch

random.seed(0)
torch.manual_seed(0)
samples = [(torch.randn(2), i % 2) for i in range(8)]
random.shuffle(samples)
print([label for _, label in samples])
split = int(0.75 * len(samples))
train, test = samples[:split], samples[split:]
print(len(train), len(test))
print(test[0][0])
idx = random.sample(range(len(samples)), 3)
print(idx)
