import torch

x = torch.arange(4.0, requires_grad=True)
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
print(x.grad == u)
print(x.grad)
print(u.requires_grad, y.requires_grad)

with torch.no_grad():
    p = x * 2
print(p, p.requires_grad)

@torch.no_grad()
def predict(t):
    return t * 10

print(predict(x))
print(torch.is_grad_enabled())
with torch.no_grad():
    print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
q = x + 1
print(q.requires_grad)
torch.set_grad_enabled(True)
q = x + 1
print(q.requires_grad)

with torch.enable_grad():
    r = x.sum()
print(r)
with torch.inference_mode():
    s = x * 3
print(s.requires_grad)
print(x.detach().clone().requires_grad_())
