import torch
import torch.nn as nn

torch.manual_seed(0)
rnn = nn.RNN(input_size=4, hidden_size=6, num_layers=1)
print(rnn)
x = torch.randn(5, 3, 4)  # (seq_len, batch, features)
out, h = rnn(x)
print(out.shape, h.shape)
print(torch.allclose(out[-1], h[0]))
print(h)

rnn2 = nn.RNN(4, 6, num_layers=2, batch_first=True, nonlinearity='relu')
xb = torch.randn(3, 5, 4)
h0 = torch.zeros(2, 3, 6)
out2, h2 = rnn2(xb, h0)
print(out2.shape, h2.shape)
for name, p in rnn2.named_parameters():
    print(name, tuple(p.shape))

cell = nn.RNNCell(4, 6)
hx = torch.zeros(3, 6)
for t in range(5):
    hx = cell(x[t], hx)
print(hx.shape)
print(hx[0])
bi = nn.RNN(4, 6, bidirectional=True)
o, hb = bi(x)
print(o.shape, hb.shape)
