import torch

x = torch.arange(12)
v = x.view(3, 4)
print(v)
v[0, 0] = 99
print(x)  # shared storage

r = x.reshape(2, 2, 3)
print(r)
print(r.shape)

t = v.t()
print(t)
print(t.is_contiguous())
try:
    t.view(12)
except RuntimeError as e:
    print("Error:", e)
print(t.contiguous().view(12))
print(t.reshape(-1))

p = torch.arange(24).reshape(2, 3, 4).permute(2, 0, 1)
print(p.shape)
print(p.stride())

u = torch.arange(6).reshape(1, 2, 3, 1)
print(u.squeeze().shape)
print(u.squeeze(0).shape)
print(u.unsqueeze(1).shape)
print(torch.flatten(u))
print(u.flatten(1).shape)
print(x.view(-1, 6))
