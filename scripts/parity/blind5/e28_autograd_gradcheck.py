import torch
from torch.autograd import gradcheck, Function

class MyReLU(Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input

class MyCube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 3 * x ** 2

torch.manual_seed(0)
inp = torch.randn(4, 3, dtype=torch.double, requires_grad=True)
print(gradcheck(MyReLU.apply, (inp,), eps=1e-6, atol=1e-4))
print(gradcheck(MyCube.apply, (inp,)))
y = MyReLU.apply(inp)
print(y)
y.sum().backward()
print(inp.grad)
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
z = MyCube.apply(x)
print(z, z.grad_fn is not None)
z.backward(torch.ones(3))
print(x.grad)
print(torch.autograd.grad((x ** 2).sum(), x))
