import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(231)
x = torch.randn(500, 500) + 10
for p in [0.25, 0.4, 0.7]:
    out = F.dropout(x, p=p, training=True)
    out_test = F.dropout(x, p=p, training=False)
    print('Running tests with p = ', p)
    print('Mean of input: ', x.mean().item())
    print('Mean of train-time output: ', out.mean().item())
    print('Mean of test-time output: ', out_test.mean().item())
    print('Fraction of train-time output set to zero: ', (out == 0).float().mean().item())
    print('Fraction of test-time output set to zero: ', (out_test == 0).float().mean().item())
    print()

drop = nn.Dropout(0.5)
print(drop)
t = torch.ones(2, 6, requires_grad=True)
o = drop(t)
print(o)
o.sum().backward()
print(t.grad)
print(torch.equal(t.grad, o.detach()))
drop.eval()
print(drop(torch.arange(4.)))
d2 = nn.Dropout2d(p=0.5)
print(d2(torch.ones(1, 4, 2, 2)))
print(F.dropout(torch.ones(3), p=0.0), F.dropout(torch.ones(3), p=1.0))
