import torch
import math

print(torch.pi, torch.e)
print(torch.inf, torch.nan)
print(torch.tensor([math.pi, torch.e]))
x = torch.tensor([1.0, float('inf'), -torch.inf, torch.nan])
print(x)
print(torch.isinf(x), torch.isnan(x))
print(torch.pi == math.pi)
print(torch.exp(torch.tensor(1.)) , torch.log(torch.tensor(torch.e)))
