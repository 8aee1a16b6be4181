import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using device: {device}")
print(torch.cuda.is_available(), torch.cuda.device_count())

tensor = torch.tensor([1, 2, 3])
print(tensor, tensor.device)
tensor_on_gpu = tensor.to(device)
print(tensor_on_gpu)
tensor_back_on_cpu = tensor_on_gpu.cpu().numpy()
print(tensor_back_on_cpu, type(tensor_back_on_cpu))

torch.manual_seed(42)
model_0 = nn.Linear(in_features=2, out_features=1).to(device)
print(next(model_0.parameters()).device)
x = torch.rand(5, 2, device=device)
print(x)
print(model_0(x))
print(model_0.state_dict())
d = torch.device(device)
print(d, d.type, repr(d))
print(torch.zeros(2, device=d).device == d)
