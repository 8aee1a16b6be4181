import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
sd = model.state_dict()
for k, v in sd.items():
    print(k, v.shape)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.pth")
    torch.save(model.state_dict(), path)
    torch.manual_seed(1)
    model2 = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    x = torch.ones(1, 3)
    print(torch.equal(model(x), model2(x)))
    result = model2.load_state_dict(torch.load(path))
    print(result)
    print(torch.equal(model(x), model2(x)))
    print(os.path.exists(path))
print(sd['0.bias'])
