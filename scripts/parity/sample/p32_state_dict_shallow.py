import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
snapshot = model.state_dict()
with torch.no_grad():
    model.weight.fill_(1.0)
print(snapshot['weight'])
clone = {k: v.clone() for k, v in model.state_dict().items()}
with torch.no_grad():
    model.weight.fill_(2.0)
print(clone['weight'])
print(model.state_dict()['weight'])
print(snapshot['weight'].requires_grad)
