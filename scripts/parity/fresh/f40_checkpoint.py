import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
X = torch.randn(8, 2)
y = torch.randn(8, 1)
for _ in range(3):
    opt.zero_grad()
    loss = nn.MSELoss()(model(X), y)
    loss.backward()
    opt.step()
tmp = tempfile.mkdtemp()
ckpt = os.path.join(tmp, "ckpt.pt")
torch.save({"epoch": 3, "model": model.state_dict(), "opt": opt.state_dict(), "loss": loss.item()}, ckpt)
c = torch.load(ckpt)
print(c["epoch"], c["loss"])
print(c["model"])
print(c["opt"]["param_groups"])
print(c["opt"]["state"][0]["step"])
m2 = nn.Linear(2, 1)
m2.load_state_dict(c["model"])
print(m2.weight)
os.remove(ckpt)
os.rmdir(tmp)
