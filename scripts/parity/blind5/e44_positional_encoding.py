import math
import torch
import torch.nn as nn

class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=50, dropout=0.0):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0)
        self.register_buffer('pe', pe, persistent=False)

    def forward(self, x):
        x = x + self.pe[:, :x.size(1)]
        return self.dropout(x)

pos = PositionalEncoding(d_model=6)
print(pos)
print(pos.pe.shape, list(pos.state_dict().keys()), [n for n, _ in pos.named_buffers()])
print(pos.pe[0, :4])
x = torch.zeros(1, 3, 6)
print(pos(x))
print(pos.pe[0, 10].norm().item())
enc = pos.pe[0]
print(enc[:, 0].max().item(), enc[:, 1].min().item())
dots = enc[:5] @ enc[:5].T
print(dots)

emb = nn.Embedding(10, 6, padding_idx=0)
torch.manual_seed(4)
nn.init.normal_(emb.weight, std=0.1)
with torch.no_grad():
    emb.weight[0].zero_()
tokens = torch.tensor([[3, 5, 0, 0]])
h = emb(tokens) * math.sqrt(6) + pos.pe[:, :4]
print(h)
print(emb.weight[0], emb.padding_idx)
