import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(6, 2, 5)
gru = nn.GRU(5, 4)
lstm = nn.LSTM(5, 4)
print(gru)
print(lstm)
out, h = gru(X)
print(out.shape, h.shape)
print(h)
out, (h, c) = lstm(X)
print(out.shape, h.shape, c.shape)
print(c)
print([(n, tuple(p.shape)) for n, p in lstm.named_parameters()])

def gru_step(x, h, W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h):
    Z = torch.sigmoid(x @ W_xz + h @ W_hz + b_z)
    R = torch.sigmoid(x @ W_xr + h @ W_hr + b_r)
    H_tilda = torch.tanh(x @ W_xh + (R * h) @ W_hh + b_h)
    return Z * h + (1 - Z) * H_tilda

params = [torch.randn(5, 3) * 0.1 if i % 3 == 0 else
          (torch.randn(3, 3) * 0.1 if i % 3 == 1 else torch.zeros(3)) for i in range(9)]
H = torch.zeros(2, 3)
for x in X:
    H = gru_step(x, H, *params)
print(H)
cell = nn.LSTMCell(5, 4)
hx, cx = torch.zeros(2, 4), torch.zeros(2, 4)
for t in range(X.shape[0]):
    hx, cx = cell(X[t], (hx, cx))
print(hx)
