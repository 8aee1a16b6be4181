import collections
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
corpus = "the quick brown fox jumps over the lazy dog the dog sleeps and the fox runs".split()
counts = collections.Counter(corpus)
vocab = sorted(counts, key=lambda w: (-counts[w], w))
word_to_ix = {w: i for i, w in enumerate(vocab)}
ix_to_word = {i: w for w, i in word_to_ix.items()}
print(counts.most_common(3))
print(word_to_ix)

window = 2
pairs = []
for i, center in enumerate(corpus):
    for j in range(max(0, i - window), min(len(corpus), i + window + 1)):
        if j != i:
            pairs.append((word_to_ix[center], word_to_ix[corpus[j]]))
print(len(pairs), pairs[:5])
centers = torch.tensor([p[0] for p in pairs])
contexts = torch.tensor([p[1] for p in pairs])

class SkipGram(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.in_embed = nn.Embedding(vocab_size, dim)
        self.out = nn.Linear(dim, vocab_size, bias=False)

    def forward(self, c):
        return self.out(self.in_embed(c))

model = SkipGram(len(vocab), 5)
print(model.in_embed.weight[word_to_ix['fox']])
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(100):
    loss = F.cross_entropy(model(centers), contexts)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 25 == 0:
        print(f"epoch {epoch} loss {loss.item():.6f}")
emb = F.normalize(model.in_embed.weight.detach(), dim=1)
sims = emb @ emb[word_to_ix['fox']]
top = sims.topk(4)
print([(ix_to_word[i], round(s, 4)) for s, i in zip(top.values.tolist(), top.indices.tolist())])
print(F.cosine_similarity(emb[word_to_ix['dog']], emb[word_to_ix['fox']], dim=0))
