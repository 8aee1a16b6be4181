import torch
import torch.nn as nn

torch.manual_seed(4)
model = nn.Sequential(nn.Linear(5, 5), nn.BatchNorm1d(5), nn.Dropout(0.3), nn.Linear(5, 1))
x = torch.randn(4, 5)
model.train()
print(model.training, [m.training for m in model])
a = model(x)
b = model(x)
print(torch.equal(a, b))
model.eval()
print(model.training, [m.training for m in model])
c = model(x)
d = model(x)
print(torch.equal(c, d))
print(c)
model.train(False)
print(model[2].training)
with torch.inference_mode():
    e = model(x)
print(e.requires_grad)
