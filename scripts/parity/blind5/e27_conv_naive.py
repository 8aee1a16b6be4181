import torch
import torch.nn.functional as F

def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param['stride'], conv_param['pad']
    N, C, H, W = x.shape
    F_, _, HH, WW = w.shape
    x_pad = F.pad(x, (pad, pad, pad, pad))
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    out = torch.zeros(N, F_, H_out, W_out, dtype=x.dtype)
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = (window * w[f]).sum() + b[f]
    return out

x_shape = (2, 3, 4, 4)
w_shape = (3, 3, 4, 4)
x = torch.linspace(-0.1, 0.5, steps=2 * 3 * 4 * 4, dtype=torch.float64).reshape(x_shape)
w = torch.linspace(-0.2, 0.3, steps=3 * 3 * 4 * 4, dtype=torch.float64).reshape(w_shape)
b = torch.linspace(-0.1, 0.2, steps=3, dtype=torch.float64)
conv_param = {'stride': 2, 'pad': 1}
out = conv_forward_naive(x, w, b, conv_param)
print(out.shape)
print(out)
ref = F.conv2d(x, w, b, stride=2, padding=1)
print('difference: ', (out - ref).abs().max().item() < 1e-12)

def max_pool_naive(x, ph, pw, stride):
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // stride, 1 + (W - pw) // stride
    out = torch.empty(N, C, Ho, Wo, dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i*stride:i*stride+ph, j*stride:j*stride+pw].amax(dim=(2, 3))
    return out

xp = torch.linspace(-0.3, 0.4, steps=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
print(max_pool_naive(xp, 2, 2, 2)[0])
print(torch.equal(max_pool_naive(xp, 2, 2, 2), F.max_pool2d(xp, 2, 2)))
