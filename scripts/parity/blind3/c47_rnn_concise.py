import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
vocab_size, num_hiddens = 28, 32
rnn_layer = nn.RNN(vocab_size, num_hiddens)
print(rnn_layer)
state = torch.zeros((1, 4, num_hiddens))
print(state.shape)
X = torch.rand(size=(6, 4, vocab_size))
Y, state_new = rnn_layer(X, state)
print(Y.shape, state_new.shape)
print(torch.equal(Y[-1], state_new[0]))

class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super(RNNModel, self).__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        self.num_directions = 2 if self.rnn.bidirectional else 1
        self.linear = nn.Linear(self.num_hiddens * self.num_directions, self.vocab_size)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size)
        X = X.to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, batch_size=1):
        return torch.zeros((self.rnn.num_layers * self.num_directions, batch_size, self.num_hiddens))

net = RNNModel(rnn_layer, vocab_size)
print(net)
inputs = torch.randint(0, vocab_size, (4, 6))
out, st = net(inputs, net.begin_state(4))
print(out.shape, st.shape)
opt = torch.optim.SGD(net.parameters(), lr=1)
targets = torch.randint(0, vocab_size, (24,))
for epoch in range(3):
    state = net.begin_state(4)
    out, state = net(inputs, state)
    l = F.cross_entropy(out, targets)
    opt.zero_grad()
    l.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 1)
    opt.step()
    print(f'epoch {epoch}: perplexity {torch.exp(l).item():.4f}')
