import torch
from torch import nn

torch.manual_seed(3)
num_inputs, num_hiddens, num_layers = 6, 5, 2
lstm = nn.LSTM(num_inputs, num_hiddens, num_layers)
X = torch.randn(7, 3, num_inputs)
out, (h, c) = lstm(X)
print(out.shape, h.shape, c.shape)
bi = nn.GRU(num_inputs, num_hiddens, num_layers=2, bidirectional=True)
print(bi)
out, h = bi(X)
print(out.shape, h.shape)
fwd_last = out[-1, :, :num_hiddens]
bwd_first = out[0, :, num_hiddens:]
print(torch.allclose(fwd_last, h[-2]), torch.allclose(bwd_first, h[-1]))
bf = nn.RNN(4, 3, batch_first=True, bidirectional=True)
Y, hn = bf(torch.randn(2, 5, 4))
print(Y.shape, hn.shape)
print(Y[0, 0])
print(len(list(bi.parameters())))
print(sorted(n for n, _ in bi.named_parameters())[:4])
