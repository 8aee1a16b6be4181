import torch

w = torch.tensor([1.0, -1.0], requires_grad=True)
for step in range(3):
    loss = (w * torch.tensor([2.0, 3.0])).sum()
    loss.backward()
    print(f"step {step}: grad = {w.grad}")

w.grad.zero_()
print("after zero_:", w.grad)

w.grad = None
loss = (w ** 2).sum()
loss.backward()
print(w.grad)

# accumulate over "mini batches" manually
torch.manual_seed(0)
x = torch.randn(8, 2)
y = torch.randn(8)
w = torch.zeros(2, requires_grad=True)
for i in range(0, 8, 4):
    xb, yb = x[i:i + 4], y[i:i + 4]
    l = ((xb @ w - yb) ** 2).mean()
    l.backward()
    print(f"batch {i // 4} loss {l.item():.6f} grad {w.grad.tolist()}")
full = ((x @ w - y) ** 2).mean()
print(full.item())
