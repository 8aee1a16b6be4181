import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Linear(4, 3),
    nn.BatchNorm1d(3),
    nn.ReLU(),
    nn.Sequential(nn.Linear(3, 2), nn.Sigmoid()),
)
for name, m in net.named_modules():
    print(repr(name), type(m).__name__)
print()
for name, child in net.named_children():
    print(name, child)
print()
sd = net.state_dict()
for k, v in sd.items():
    print(k, tuple(v.shape), v.dtype)
print(list(sd.keys()))
print(sd['0.bias'])
print(sd['1.running_var'])
print(sd['1.num_batches_tracked'])
print(net[3][0].weight)
print(net[0].bias.data)
print(type(net[0].weight))
print(net[0].weight.grad)
print([n for n, _ in net.named_buffers()])
