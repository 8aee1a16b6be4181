import math
import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, T, C = 2, 4, 8
x = torch.randn(B, T, C)

head_size = 4
key = torch.nn.Linear(C, head_size, bias=False)
query = torch.nn.Linear(C, head_size, bias=False)
value = torch.nn.Linear(C, head_size, bias=False)
k, q, v = key(x), query(x), value(x)
wei = q @ k.transpose(-2, -1) * head_size ** -0.5
print(wei.shape)
tril = torch.tril(torch.ones(T, T))
print(tril)
wei = wei.masked_fill(tril == 0, float('-inf'))
print(wei[0])
wei = F.softmax(wei, dim=-1)
print(wei[0])
out = wei @ v
print(out.shape)
print(out[1])

def scaled_dot_product(q, k, v, mask=None):
    d_k = q.size(-1)
    attn_logits = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(d_k)
    if mask is not None:
        attn_logits = attn_logits.masked_fill(mask == 0, -9e15)
    attention = F.softmax(attn_logits, dim=-1)
    return torch.matmul(attention, v), attention

values, attention = scaled_dot_product(q, k, v, mask=tril)
print(torch.allclose(values, out), attention.sum(-1))
ref = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print((ref - out).abs().max() < 1e-6)
xbow = torch.zeros(B, T, C)
for b in range(B):
    for t in range(T):
        xbow[b, t] = torch.mean(x[b, :t + 1], 0)
wavg = tril / tril.sum(1, keepdim=True)
print(torch.allclose(xbow, wavg @ x), xbow[0, 1])
