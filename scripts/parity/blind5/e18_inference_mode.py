import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Dropout(p=0.5), nn.ReLU(), nn.Linear(4, 1))
x = torch.randn(2, 3)

print(model.training)
out_train = model(x)
print(out_train)
model.eval()
print(model.training, [m.training for m in model])
with torch.inference_mode():
    out_eval = model(x)
print(out_eval)
print(out_eval.requires_grad, out_train.requires_grad)
print(torch.is_inference_mode_enabled())
with torch.inference_mode():
    print(torch.is_inference_mode_enabled())
    y = x * 2
print(y.is_inference())
with torch.no_grad():
    z = model(x)
print(z.requires_grad, z.grad_fn)
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), model(x).requires_grad)
torch.set_grad_enabled(True)
model.train()
print(model(x).grad_fn)
