import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 3)
print(emb)
print(emb.weight)
idx = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
print(emb(idx))
print(emb(idx).shape)

pad = nn.Embedding(5, 2, padding_idx=0)
print(pad.weight)
print(pad(torch.tensor([0, 1, 0])))

try:
    emb(torch.tensor([10]))
except IndexError as e:
    print("IndexError:", e)
try:
    emb(torch.tensor([1.0, 2.0]))
except RuntimeError as e:
    print("RuntimeError:", e)

vocab = {"<pad>": 0, "the": 1, "cat": 2, "sat": 3, "on": 4, "mat": 5}
sentence = "the cat sat on the mat".split()
ids = torch.tensor([vocab[w] for w in sentence])
print(ids)
e = nn.Embedding(len(vocab), 4)
vecs = e(ids)
print(vecs.mean(dim=0))
bag = nn.EmbeddingBag(len(vocab), 4, mode='mean')
bag.weight.data.copy_(e.weight.data)
print(bag(ids.unsqueeze(0)))
pre = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
fe = nn.Embedding.from_pretrained(pre)
print(fe(torch.tensor([1, 0, 1])), fe.weight.requires_grad)
one_hot = nn.functional.one_hot(ids, num_classes=6)
print(one_hot)
