import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
vocab_size, num_hiddens = 12, 8
rnn_layer = nn.RNN(vocab_size, num_hiddens)
print(rnn_layer)
state = torch.zeros((1, 3, num_hiddens))
print(state.shape)
X = torch.rand(size=(5, 3, vocab_size))
Y, state_new = rnn_layer(X, state)
print(Y.shape, state_new.shape)
print(torch.allclose(Y[-1], state_new[0]))

class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size):
        super().__init__()
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        self.linear = nn.Linear(self.num_hiddens, self.vocab_size)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state

net = RNNModel(rnn_layer, vocab_size)
print(net)
tokens = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
out, st = net(tokens, torch.zeros(1, 2, num_hiddens))
print(out.shape, st.shape)
print(out[0])
prefix = [3]
outputs = list(prefix)
h = torch.zeros(1, 1, num_hiddens)
for _ in range(6):
    o, h = net(torch.tensor([[outputs[-1]]]), h)
    outputs.append(int(o.argmax(dim=1).reshape(1)))
print(outputs)
for name, p in rnn_layer.named_parameters():
    print(name, p.shape)
