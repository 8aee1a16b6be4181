import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(3, 1)
opt = torch.optim.SGD(lin.parameters(), lr=0.1)
x = torch.randn(2, 3)
lin(x).sum().backward()
print(lin.weight.grad)
opt.zero_grad()
print(lin.weight.grad)
lin(x).sum().backward()
opt.zero_grad(set_to_none=False)
print(lin.weight.grad)
lin.zero_grad()
print(lin.bias.grad)

# forgetting zero_grad
w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for i in range(3):
    loss = (w * 2).sum()
    loss.backward()
    print(i, w.grad.item())
    opt.step()
print(w)

try:
    torch.optim.SGD(lin.parameters())
    print("no lr needed")
except TypeError as e:
    print(e)
try:
    torch.optim.SGD(lin.parameters(), lr=-1)
except ValueError as e:
    print(e)
try:
    torch.optim.Adam([], lr=0.1)
except ValueError as e:
    print(e)
