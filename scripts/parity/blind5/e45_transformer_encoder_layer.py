import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
print(layer)
src = torch.randn(2, 5, 8)
out = layer(src)
print(out.shape)
print(out[0, 0])
print(sum(p.numel() for p in layer.parameters()))
for name, p in layer.named_parameters():
    print(f"{name:35s} {tuple(p.shape)}")

mask = nn.Transformer.generate_square_subsequent_mask(5)
print(mask)
out_masked = layer(src, src_mask=mask)
print(out_masked[1, -1])
pad = torch.tensor([[False, False, False, True, True], [False] * 5])
out_pad = layer(src, src_key_padding_mask=pad)
print(out_pad[0, :3, :2])

layer.eval()
with torch.no_grad():
    print(layer(src)[0, 0])
encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True), num_layers=2, enable_nested_tensor=False)
print(encoder(src).shape, len(encoder.layers))
seq_first = nn.TransformerEncoderLayer(8, 2, 16, 0.0)
print(seq_first(src.transpose(0, 1)).shape)
