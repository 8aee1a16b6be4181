# a learner's notebook typed at the prompt: the last cell raises
import torch
import torch.nn as nn
torch.manual_seed(1)
x = torch.randn(5, 10)
layer1 = nn.Linear(10, 20)
layer2 = nn.Linear(30, 2)
h = torch.relu(layer1(x))
h.shape
layer2
y = layer2(h)
