# Benchmark workload: a 2-layer MLP (64 -> 256 -> 10) on a 256x64 batch, Adam + CrossEntropy.
# scripts/bench/run prepends STEPS and WARMUP.
import torch
import torch.nn as nn
import torch.optim as optim
import time

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
x = torch.randn(256, 64)
y = torch.randint(0, 10, (256,))
opt = optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
times = []
for step in range(WARMUP + STEPS):
    t0 = time.perf_counter()
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    t1 = time.perf_counter()
    if step >= WARMUP:
        times.append(t1 - t0)
times.sort()
print(f"RESULT ms={times[len(times) // 2] * 1000:.5f} value={loss.item()!r}")
