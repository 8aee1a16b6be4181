import torch
import torch.nn as nn

torch.set_default_device('cpu')
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
print(f"Using {dev} device")
model = nn.Linear(2, 1).to(dev)
x = torch.ones(1, 2, device=dev)
print(x.device, next(model.parameters()).device)
print(torch.device('cpu') == torch.device('cpu'))
print(x.is_cuda, x.cpu().device)
print(torch.cuda.device_count())
