# Common mistake: forgetting to flatten images before a Linear layer
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(28 * 28, 64), nn.ReLU(), nn.Linear(64, 10))
images = torch.randn(8, 1, 28, 28)
try:
    out = model(images)
except RuntimeError as e:
    print("RuntimeError:", e)
out = model(images.view(8, -1))
print(out.shape)
try:
    model(images.view(-1, 28 * 14))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.mm(torch.ones(2, 3), torch.ones(2, 3))
except RuntimeError as e:
    print(e)
try:
    torch.ones(2, 3) @ torch.ones(4)
except RuntimeError as e:
    print(e)
try:
    images.view(7, -1)
except RuntimeError as e:
    print(e)
