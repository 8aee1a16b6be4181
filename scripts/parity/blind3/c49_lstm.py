import torch
from torch import nn

torch.manual_seed(0)
lstm = nn.LSTM(input_size=8, hidden_size=16)
print(lstm)
X = torch.randn(5, 3, 8)
output, (h, c) = lstm(X)
print(output.shape, h.shape, c.shape)
print(h[0, 0])
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))

lstm2 = nn.LSTM(8, 16, num_layers=2, batch_first=True)
Xb = torch.randn(3, 5, 8)
h0 = torch.zeros(2, 3, 16)
c0 = torch.zeros(2, 3, 16)
out, (hn, cn) = lstm2(Xb, (h0, c0))
print(out.shape, hn.shape, cn.shape)
print(torch.allclose(out[:, -1, :], hn[-1]))

class Tagger(nn.Module):
    def __init__(self, vocab, emb, hid, tags):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hid, batch_first=True)
        self.fc = nn.Linear(hid, tags)

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return self.fc(out)

tagger = Tagger(20, 6, 10, 3)
sent = torch.tensor([[1, 5, 7, 2]])
scores = tagger(sent)
print(scores.shape)
print(scores.argmax(-1))
print(tagger)
