import torch

x = torch.tensor([2.0], requires_grad=True)
y = x ** 3
z = y * 2
z.backward()
print(x.grad)
try:
    z.backward()
except RuntimeError as e:
    print("Error:", str(e)[:60])
w = torch.tensor(3.0, requires_grad=True)
v = (w * w)
v.backward(retain_graph=True)
v.backward()
print(w.grad)
