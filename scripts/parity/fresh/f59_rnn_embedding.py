import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4)
tokens = torch.tensor([[1, 2, 3], [4, 5, 6]])
e = emb(tokens)
print(e.shape)
print(emb)
print(emb(torch.tensor([0])))
vocab = {"<pad>": 0, "hello": 1, "world": 2}
ids = torch.tensor([vocab[w] for w in "hello world".split()])
print(ids)
print(emb(ids).mean(0))
lin = nn.Linear(4, 2)
out = lin(e.mean(dim=1))
print(out)
print(emb.weight.requires_grad, emb.weight.shape)
