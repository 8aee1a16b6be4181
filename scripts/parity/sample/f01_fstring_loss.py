import torch
import torch.nn as nn

torch.manual_seed(0)
loss = nn.MSELoss()(torch.randn(5), torch.randn(5))
print(f"loss = {loss}")
print(f"loss = {loss:.4f}")
print(f"loss = {loss.item():.4f}")
print("loss = %s" % loss)
print("loss = %.3f" % loss)
print("loss = {}".format(loss))
print("loss = {:.2f}".format(loss))
print(format(loss))
print(format(loss, '.3e'))
print(str(loss), repr(loss))
print(f"{loss!r}")
print(f"{loss:>12.5f}|")
