import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.empty(3, 5)
nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))
print(w)
nn.init.trunc_normal_(w, std=0.02)
print(w.abs().max() <= 0.04)
e = torch.empty(4, 4)
nn.init.eye_(e)
print(e)
nn.init.normal_(e, mean=1.0, std=0.5)
print(e)
