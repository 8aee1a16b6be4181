# Bag-of-words sentiment classifier with nn.Embedding
from collections import Counter
import torch
import torch.nn as nn

data = [("i loved this movie", 1), ("what a great film", 1), ("terrible acting and plot", 0),
        ("i hated it", 0), ("great fun and loved the music", 1), ("boring and terrible", 0)]
counter = Counter(w for s, _ in data for w in s.split())
vocab = {w: i + 1 for i, (w, _) in enumerate(counter.most_common())}
print(len(vocab), counter.most_common(3))

def encode(s, maxlen=6):
    ids = [vocab.get(w, 0) for w in s.split()][:maxlen]
    return ids + [0] * (maxlen - len(ids))

X = torch.tensor([encode(s) for s, _ in data])
y = torch.tensor([l for _, l in data], dtype=torch.float32)
print(X)

class BoW(nn.Module):
    def __init__(self, n, d):
        super().__init__()
        self.emb = nn.Embedding(n, d, padding_idx=0)
        self.fc = nn.Linear(d, 1)

    def forward(self, x):
        e = self.emb(x)
        mask = (x != 0).unsqueeze(-1).float()
        avg = (e * mask).sum(1) / mask.sum(1)
        return self.fc(avg).squeeze(-1)

torch.manual_seed(0)
model = BoW(len(vocab) + 1, 4)
print(model)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
lossf = nn.BCEWithLogitsLoss()
for epoch in range(30):
    opt.zero_grad()
    loss = lossf(model(X), y)
    loss.backward()
    opt.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch+1}: {loss.item():.5f}")
with torch.no_grad():
    probs = torch.sigmoid(model(torch.tensor([encode("loved the film"), encode("terrible it")])))
print(probs)
print(model.emb.weight[0])
