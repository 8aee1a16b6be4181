import torch

torch.manual_seed(10)
loss = torch.rand(1).squeeze() * 3
acc = torch.tensor(0.8125)
print(f"loss: {loss:.4f}")
print(f"loss: {loss.item():.4f}")
print(f"loss: {loss}")
print(f"acc: {acc:.1%}")
print("loss = %.3f" % loss.item())
print("loss = {:.5f}".format(loss.item()))
print(f"{loss.item()}")
print(str(loss), repr(acc))
history = {"loss": [], "acc": []}
for epoch in range(3):
    history["loss"].append(round(loss.item() / (epoch + 1), 4))
    history["acc"].append(acc.item())
print(history)
print(f"{'epoch':>6} | {'loss':>8}")
for i, l in enumerate(history["loss"], start=1):
    print(f"{i:>6} | {l:>8.4f}")
print(f"{loss=}")
w = torch.tensor([0.12345, 6.789])
print(f"w = {w}")
print("w:", w.tolist())
print(f"{w.sum():e}")
