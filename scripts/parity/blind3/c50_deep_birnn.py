import torch
from torch import nn

torch.manual_seed(0)
num_inputs, num_hiddens, num_layers = 10, 12, 2
gru = nn.GRU(num_inputs, num_hiddens, num_layers)
print(gru)
X = torch.randn(7, 3, num_inputs)
Y, H = gru(X)
print(Y.shape, H.shape)

bi = nn.LSTM(num_inputs, num_hiddens, num_layers, bidirectional=True)
print(bi)
Y, (H, C) = bi(X)
print(Y.shape, H.shape, C.shape)
print(torch.allclose(Y[-1, :, :num_hiddens], H[-2]))
print(torch.allclose(Y[0, :, num_hiddens:], H[-1]))
print(len(list(bi.parameters())))
print(sum(p.numel() for p in bi.parameters()))

birnn = nn.RNN(4, 3, bidirectional=True, batch_first=True, nonlinearity='relu')
x = torch.randn(2, 5, 4)
out, h = birnn(x)
print(out[0])
print(h)
print([n for n, _ in birnn.named_parameters()])
