import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
path = os.path.join(tempfile.mkdtemp(), "model.pt")
torch.save(model.state_dict(), path)
print(os.path.exists(path))

model2 = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
print(torch.equal(model[0].weight, model2[0].weight))
result = model2.load_state_dict(torch.load(path))
print(result)
print(torch.equal(model[0].weight, model2[0].weight))
x = torch.randn(2, 3)
print(model(x) == model2(x))

ckpt = {"epoch": 5, "model": model.state_dict(), "loss": 0.123}
torch.save(ckpt, path)
loaded = torch.load(path)
print(loaded["epoch"], loaded["loss"], list(loaded["model"].keys()))
t = torch.arange(6).reshape(2, 3)
torch.save(t, path)
print(torch.load(path))
