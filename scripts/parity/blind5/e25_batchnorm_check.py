import torch
import torch.nn as nn

def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    x_hat = (x - mu) / torch.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, gamma, var, eps)

def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, var, eps = cache
    N = dout.shape[0]
    dgamma = (dout * x_hat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(0) - x_hat * (dx_hat * x_hat).sum(0)) / (N * torch.sqrt(var + eps))
    return dx, dgamma, dbeta

torch.manual_seed(231)
N, D = 200, 3
x = 5 * torch.randn(N, D, dtype=torch.float64) + 12
gamma = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
beta = torch.tensor([11.0, 12.0, 13.0], dtype=torch.float64)
out, cache = batchnorm_forward(x, gamma, beta)
print('Before: means', x.mean(dim=0), 'stds', x.std(dim=0))
print('After: means', out.mean(dim=0), 'stds', out.std(dim=0, unbiased=False))

bn = nn.BatchNorm1d(D).double()
with torch.no_grad():
    bn.weight.copy_(gamma)
    bn.bias.copy_(beta)
xa = x.clone().requires_grad_()
out_ref = bn(xa)
print('forward max diff', (out_ref - out).abs().max().item() < 1e-10)
dout = torch.randn(N, D, dtype=torch.float64)
out_ref.backward(dout)
dx, dgamma, dbeta = batchnorm_backward_alt(dout, cache)
print('dx close', torch.allclose(dx, xa.grad), 'dgamma close', torch.allclose(dgamma, bn.weight.grad))
print(dbeta, bn.bias.grad)
print('running_mean', bn.running_mean)
print('running_var', bn.running_var)
print(bn.num_batches_tracked)
bn.eval()
print(bn(x[:2]))
