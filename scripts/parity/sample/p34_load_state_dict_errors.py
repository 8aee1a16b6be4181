import torch
import torch.nn as nn

torch.manual_seed(0)
a = nn.Linear(3, 2)
b = nn.Linear(3, 2)
print(b.load_state_dict(a.state_dict()))
print(torch.equal(a.bias, b.bias))
c = nn.Linear(4, 2)
try:
    c.load_state_dict(a.state_dict())
except RuntimeError as e:
    print("RuntimeError:", e)
sd = a.state_dict()
del sd['bias']
res = b.load_state_dict(sd, strict=False)
print(res)
print(res.missing_keys)
