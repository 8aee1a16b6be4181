# Benchmark workload: one wide convolution, Conv2d(64, 64, 3, padding=1) on a 32x64x56x56 input,
# forward and backward (input, weight and bias gradients). scripts/bench/run prepends STEPS and
# WARMUP and reports GFLOP/s: 3 x 2·N·OC·OH·OW·IC·KH·KW floating-point operations per step.
import torch
import torch.nn as nn
import time

torch.manual_seed(0)
conv = nn.Conv2d(64, 64, 3, padding=1)
x = torch.randn(32, 64, 56, 56, requires_grad=True)
g = torch.randn(32, 64, 56, 56)
times = []
for step in range(WARMUP + STEPS):
    x.grad = None
    conv.zero_grad()
    t0 = time.perf_counter()
    y = conv(x)
    y.backward(g)
    t1 = time.perf_counter()
    if step >= WARMUP:
        times.append(t1 - t0)
times.sort()
flops = 3 * 2 * 32 * 64 * 56 * 56 * 64 * 3 * 3
print(f"RESULT ms={times[len(times) // 2] * 1000:.5f} gflops={flops / times[len(times) // 2] / 1e9:.3f} value={x.grad.sum().item()!r}")
