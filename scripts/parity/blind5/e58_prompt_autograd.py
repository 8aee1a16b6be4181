import torch
x = torch.tensor(2.0, requires_grad=True)
y = x ** 3 + 2 * x
y
y.backward()
x.grad
x.grad.zero_()
z = torch.sin(x) * torch.exp(x)
z
z.backward()
x.grad
w = torch.randn(3, requires_grad=True, generator=torch.Generator().manual_seed(1))
w
loss = (w ** 2).sum()
loss
loss.grad_fn
loss.grad_fn.next_functions
loss.backward()
w.grad
torch.equal(w.grad, 2 * w)
w.grad is None
w.requires_grad
loss.backward()
