import torch

t = torch.tensor([1.5, 2.5])
try:
    t.item()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    float(t)
except Exception as e:
    print(type(e).__name__ + ":", e)
try:
    if t > 2:
        print("big")
except RuntimeError as e:
    print("RuntimeError:", e)
print(t.sum().item())
print(t[1].item())
print(torch.tensor([[7]]).item())
try:
    torch.tensor([]).item()
except RuntimeError as e:
    print("RuntimeError:", e)
x = torch.zeros(2, 3)
try:
    x[2]
except IndexError as e:
    print("IndexError:", e)
try:
    x[0, 5] = 1
except IndexError as e:
    print("IndexError:", e)
try:
    x.sum(dim=2)
except IndexError as e:
    print("IndexError:", e)
