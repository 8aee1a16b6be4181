# Benchmark workload: the course's LeNet (1->6->16 3x3 convolutions, 576->120->84->10), trained
# on one fixed batch. Valid Python: scripts/bench/run prepends the parameters
#   BATCH, STEPS, WARMUP, OPTIM ('sgd': SGD momentum 0.9, or 'adam'), LOSS ('mse' or 'ce'),
#   MODE ('train', or 'forward': forward passes under no_grad)
# and runs the same file in nnrepl and in PyTorch. Prints one RESULT line.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import time

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
x = torch.randn(BATCH, 1, 32, 32)
if LOSS == 'mse':
    target = torch.randn(BATCH, 10)
    criterion = nn.MSELoss()
else:
    target = torch.randint(0, 10, (BATCH,))
    criterion = nn.CrossEntropyLoss()
if OPTIM == 'sgd':
    optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
else:
    optimizer = optim.Adam(net.parameters(), lr=0.001)

times = []
if MODE == 'forward':
    with torch.no_grad():
        for step in range(WARMUP + STEPS):
            t0 = time.perf_counter()
            out = net(x)
            t1 = time.perf_counter()
            if step >= WARMUP:
                times.append(t1 - t0)
    value = out.sum().item()
else:
    for step in range(WARMUP + STEPS):
        t0 = time.perf_counter()
        optimizer.zero_grad()
        loss = criterion(net(x), target)
        loss.backward()
        optimizer.step()
        t1 = time.perf_counter()
        if step >= WARMUP:
            times.append(t1 - t0)
    value = loss.item()
times.sort()
print(f"RESULT ms={times[len(times) // 2] * 1000:.5f} value={value!r}")
