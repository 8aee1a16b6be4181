import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
x = torch.tensor([0.2, 0.4, 0.6])
z = w @ x + b
y_hat = torch.sigmoid(z)
loss = -torch.log(y_hat)
print(z, y_hat, loss)
loss.backward()
print(w.grad)
print(b.grad)
print(z.grad_fn, y_hat.grad_fn)
print(w.is_leaf, z.is_leaf, z.requires_grad)

with torch.no_grad():
    w2 = w * 2
print(w2.requires_grad)

# gradients accumulate
for i in range(3):
    out = (w ** 2).sum()
    out.backward()
    print(i, w.grad)
w.grad = None
out = (w ** 3).mean()
out.backward()
print(w.grad)

x = torch.linspace(-2, 2, 5, requires_grad=True)
y = torch.tanh(x)
g, = torch.autograd.grad(y.sum(), x)
print(g)
print(1 - torch.tanh(x.detach()) ** 2)
