import torch

def eval_numerical_gradient(f, x, verbose=True, h=0.00001):
    grad = torch.zeros_like(x)
    it = [(i, j) for i in range(x.shape[0]) for j in range(x.shape[1])]
    for ix in it:
        oldval = x[ix].item()
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix].item())
    return grad

def rel_error(x, y):
    return (torch.abs(x - y) / torch.clamp(torch.abs(x) + torch.abs(y), min=1e-8)).max().item()

torch.manual_seed(231)
x = torch.randn(3, 4, dtype=torch.float64)
w = torch.randn(4, 2, dtype=torch.float64)
f = lambda x: torch.tanh(x @ w).pow(2).sum()
num = eval_numerical_gradient(f, x.clone())
xa = x.clone().requires_grad_(True)
f(xa).backward()
print(xa.grad)
print('relative error: %e' % rel_error(num, xa.grad))
print(rel_error(num, xa.grad) < 1e-7)
x32 = x.float()
num32 = eval_numerical_gradient(lambda t: torch.tanh(t @ w.float()).pow(2).sum(), x32.clone(), verbose=False, h=1e-3)
print('float32 relative error below 1e-2:', rel_error(num32.double(), xa.grad) < 1e-2)
