# autograd lab: leaves, grad_fn, retain_grad, accumulation
import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
x = torch.tensor([0.5, 0.25, 2.0])
z = (w * x).sum()
h = torch.sigmoid(z)
h.retain_grad()
loss = (h - 1.0) ** 2
print(w.is_leaf, z.is_leaf, h.is_leaf)
print(z.grad_fn)
print(type(h.grad_fn).__name__)
loss.backward()
print("dloss/dh =", h.grad)
print("dloss/dw =", w.grad)
for step in range(3):
    loss = ((torch.sigmoid((w * x).sum()) - 1.0) ** 2)
    loss.backward()
    print(step, w.grad.tolist())
with torch.no_grad():
    w -= 0.1 * w.grad
w.grad.zero_()
print(w)
print(w.requires_grad, w.detach().requires_grad)
with torch.no_grad():
    q = w * 2
print(q.requires_grad)
