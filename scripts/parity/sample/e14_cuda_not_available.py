import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device)
print(torch.cuda.is_available())
x = torch.ones(2).to(device)
print(x, x.device)
gpu = torch.device("cuda")
print(gpu, repr(gpu))
print(gpu.type)
try:
    x.cuda()
except Exception as e:
    print(type(e).__name__ + ":", e)
x.to('cuda')
