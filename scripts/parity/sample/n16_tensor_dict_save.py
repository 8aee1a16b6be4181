import io
import torch

buf = io.BytesIO()
data = {"x": torch.linspace(0, 1, 5), "idx": torch.tensor([3, 1, 2]), "name": "run1"}
torch.save(data, buf)
buf.seek(0)
back = torch.load(buf)
print(back["x"], back["idx"], back["name"])
print(torch.equal(back["x"], data["x"]), back["idx"].dtype)
