import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 5), nn.ReLU(), nn.Linear(5, 2))

# 1. forgot the batch dimension? (works: Linear accepts 1-D)
print(model(torch.randn(10)).shape)

# 2. integer input to a float layer
try:
    model(torch.arange(10))
except RuntimeError as e:
    print("1:", e)

# 3. matmul shape mismatch
try:
    torch.randn(3, 4) @ torch.randn(3, 4)
except RuntimeError as e:
    print("2:", e)

# 4. calling .item() on a tensor with several elements
try:
    torch.tensor([1.0, 2.0]).item()
except RuntimeError as e:
    print("3:", e)

# 5. view with the wrong number of elements
try:
    torch.arange(10).view(3, 3)
except RuntimeError as e:
    print("4:", e)

# 6. backward on something that doesn't need grad
try:
    torch.tensor([1.0, 2.0]).sum().backward()
except RuntimeError as e:
    print("5:", e)

# 7. index out of range
try:
    torch.zeros(3)[5]
except IndexError as e:
    print("6:", e)

# 8. cat with mismatched sizes
try:
    torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)])
except RuntimeError as e:
    print("7:", e)

# 9. the classic: flattened features don't match the Linear layer
images = torch.randn(4, 3, 8, 8)
flat = images.view(images.size(0), -1)
print(flat.shape)
out = model(flat)
print(out)
