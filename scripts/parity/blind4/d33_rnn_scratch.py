import math
import torch
from torch.nn import functional as F

torch.manual_seed(0)
vocab_size, num_hiddens = 10, 16
print(F.one_hot(torch.tensor([0, 2]), vocab_size))
X = torch.arange(10).reshape((2, 5))
print(F.one_hot(X.T, vocab_size).shape)

def get_params(vocab_size, num_hiddens):
    num_inputs = num_outputs = vocab_size
    def normal(shape):
        return torch.randn(size=shape) * 0.01
    W_xh = normal((num_inputs, num_hiddens))
    W_hh = normal((num_hiddens, num_hiddens))
    b_h = torch.zeros(num_hiddens)
    W_hq = normal((num_hiddens, num_outputs))
    b_q = torch.zeros(num_outputs)
    params = [W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params

def init_rnn_state(batch_size, num_hiddens):
    return (torch.zeros((batch_size, num_hiddens)),)

def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)

params = get_params(vocab_size, num_hiddens)
state = init_rnn_state(X.shape[0], num_hiddens)
Y, new_state = rnn(F.one_hot(X.T, vocab_size).type(torch.float32), state, params)
print(Y.shape, len(new_state), new_state[0].shape)

def grad_clipping(params, theta):
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm
    return norm

y = X.T.reshape(-1)
for step in range(3):
    Y, _ = rnn(F.one_hot(X.T, vocab_size).float(), init_rnn_state(2, num_hiddens), params)
    l = F.cross_entropy(Y, y)
    l.backward()
    n = grad_clipping(params, 1)
    with torch.no_grad():
        for p in params:
            p -= 1.0 * p.grad
            p.grad.zero_()
    print(f'step {step}: loss {l.item():.6f} ppl {math.exp(l.item()):.4f} grad norm {n:.6f}')
