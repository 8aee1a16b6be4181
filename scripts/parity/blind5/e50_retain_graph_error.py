import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
print(x.grad)
y.backward()
print(x.grad)
try:
    y.backward()
except RuntimeError as e:
    print("second backward:", e)

w = torch.tensor(2.0, requires_grad=True)
hidden = torch.tensor(1.0)
for step in range(3):
    hidden = torch.tanh(w * hidden)
    loss = (hidden - 0.5) ** 2
    try:
        loss.backward()
        print(step, w.grad.item())
    except RuntimeError as e:
        print(step, "error:", str(e)[:80])
        hidden = hidden.detach()

u = torch.tensor(3.0, requires_grad=True)
v = u ** 3
g, = torch.autograd.grad(v, u, create_graph=True)
print(g)
g2, = torch.autograd.grad(g, u)
print(g2)
out = torch.ones(2, requires_grad=True) * 2
try:
    out.backward()
except RuntimeError as e:
    print(e)
