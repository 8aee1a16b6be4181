import torch

torch.manual_seed(0)
W1 = torch.randn(2, 3, requires_grad=True)
b1 = torch.zeros(3, requires_grad=True)
W2 = torch.randn(3, 1, requires_grad=True)
b2 = torch.zeros(1, requires_grad=True)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([[0.], [1.], [1.], [0.]])
params = [W1, b1, W2, b2]
for step in range(501):
    h = torch.relu(X @ W1 + b1)
    out = h @ W2 + b2
    loss = ((out - y) ** 2).mean()
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= 0.1 * p.grad
    if step % 100 == 0:
        print("step", step, "loss", loss)
print(out)
print(W1.grad)
print(loss.grad_fn)
