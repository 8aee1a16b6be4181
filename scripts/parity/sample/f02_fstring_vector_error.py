import torch

v = torch.tensor([0.5, 1.25])
print(f"{v}")
print("{}".format(v))
print(f"{v[0]:.3f}")
print(f"{v:.3f}")
