import torch
import torch.nn as nn

class MyLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.1)
        self.bias = nn.Parameter(torch.zeros(n_out))
        self.register_buffer("scale", torch.tensor(2.0))

    def forward(self, x):
        return (x @ self.weight.T + self.bias) * self.scale

    def extra_repr(self):
        return f"in={self.weight.shape[1]}, out={self.weight.shape[0]}"

torch.manual_seed(0)
m = MyLinear(3, 2)
print(m)
print(list(m.named_parameters()))
print(list(m.named_buffers()))
print(m.state_dict().keys())
out = m(torch.ones(1, 3))
print(out)
out.sum().backward()
print(m.weight.grad, m.bias.grad)
p = nn.Parameter(torch.ones(2))
print(p)
print(isinstance(p, torch.Tensor), type(p).__name__)
