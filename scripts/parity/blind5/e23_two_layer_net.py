import torch

torch.manual_seed(0)
N, D, H, C = 5, 4, 10, 3
params = {
    'W1': 1e-1 * torch.randn(D, H),
    'b1': torch.zeros(H),
    'W2': 1e-1 * torch.randn(H, C),
    'b2': torch.zeros(C),
}
X = 10 * torch.randn(N, D)
y = torch.tensor([0, 1, 2, 2, 1])

def loss_fn(params, X, y, reg=0.05):
    h = torch.relu(X @ params['W1'] + params['b1'])
    scores = h @ params['W2'] + params['b2']
    shifted = scores - scores.max(dim=1, keepdim=True)[0]
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    data_loss = -log_probs[torch.arange(len(y)), y].mean()
    reg_loss = reg * (params['W1'].pow(2).sum() + params['W2'].pow(2).sum())
    return scores, data_loss + reg_loss, h, log_probs

scores, loss, h, log_probs = loss_fn(params, X, y)
print('scores:')
print(scores)
print('loss:', loss.item())

probs = log_probs.exp()
dscores = probs.clone()
dscores[torch.arange(N), y] -= 1
dscores /= N
grads = {}
grads['W2'] = h.t() @ dscores + 2 * 0.05 * params['W2']
grads['b2'] = dscores.sum(0)
dh = dscores @ params['W2'].t()
dh[h <= 0] = 0
grads['W1'] = X.t() @ dh + 2 * 0.05 * params['W1']
grads['b1'] = dh.sum(0)

auto = {k: v.clone().requires_grad_() for k, v in params.items()}
_, loss2, _, _ = loss_fn(auto, X, y)
loss2.backward()
for name in sorted(params):
    err = (grads[name] - auto[name].grad).abs().max().item()
    print(f'{name} max relative error: {err / (grads[name].abs().max().item() + 1e-8):e}')
print(grads['b2'])
