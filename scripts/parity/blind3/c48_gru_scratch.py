import torch

torch.manual_seed(0)
num_inputs, num_hiddens = 5, 4

def three():
    return (torch.randn(num_inputs, num_hiddens) * 0.1,
            torch.randn(num_hiddens, num_hiddens) * 0.1,
            torch.zeros(num_hiddens))

W_xz, W_hz, b_z = three()
W_xr, W_hr, b_r = three()
W_xh, W_hh, b_h = three()

def gru(inputs, H):
    outputs = []
    for X in inputs:
        Z = torch.sigmoid((X @ W_xz) + (H @ W_hz) + b_z)
        R = torch.sigmoid((X @ W_xr) + (H @ W_hr) + b_r)
        H_tilda = torch.tanh((X @ W_xh) + ((R * H) @ W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        outputs.append(H)
    return outputs, H

inputs = torch.randn(3, 2, num_inputs)
outputs, H = gru(inputs, torch.zeros(2, num_hiddens))
print(len(outputs), outputs[0].shape)
print(H)

# the same with nn.GRU, copying the weights in PyTorch's r, z, n order
gru_layer = torch.nn.GRU(num_inputs, num_hiddens)
with torch.no_grad():
    gru_layer.weight_ih_l0.copy_(torch.cat([W_xr.T, W_xz.T, W_xh.T]))
    gru_layer.weight_hh_l0.copy_(torch.cat([W_hr.T, W_hz.T, W_hh.T]))
    gru_layer.bias_ih_l0.zero_()
    gru_layer.bias_hh_l0.zero_()
out, h_n = gru_layer(inputs)
print(h_n[0])
print(torch.allclose(h_n[0], H, atol=1e-6))
print(gru_layer.weight_ih_l0.shape, gru_layer.weight_hh_l0.shape)
