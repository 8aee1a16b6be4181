import torch

t = torch.arange(5)
try:
    print(t[5])
except IndexError as e:
    print("IndexError:", e)
m = torch.zeros(2, 3)
try:
    print(m[0, 3])
except IndexError as e:
    print("IndexError:", e)
try:
    m[:, :, 0]
except IndexError as e:
    print("IndexError:", e)
try:
    t.view(2, 3)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)])
except RuntimeError as e:
    print("RuntimeError:", e)
lst = [1, 2, 3]
print(lst[-1], t[-1])
print(m[2])
