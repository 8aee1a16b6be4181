import torch

def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = torch.zeros_like(W)
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i] @ W
        scores = scores - scores.max()
        probs = scores.exp() / scores.exp().sum()
        loss += -torch.log(probs[y[i]])
        for j in range(W.shape[1]):
            dW[:, j] += (probs[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / num_train + reg * torch.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW

def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    scores -= scores.max(dim=1, keepdim=True).values
    probs = scores.exp() / scores.exp().sum(dim=1, keepdim=True)
    loss = -probs[torch.arange(num_train), y].log().mean() + reg * (W * W).sum()
    dscores = probs.clone()
    dscores[torch.arange(num_train), y] -= 1
    dW = X.t() @ dscores / num_train + 2 * reg * W
    return loss, dW

torch.manual_seed(0)
W = torch.randn(5, 3, dtype=torch.float64) * 0.0001
X = torch.randn(8, 5, dtype=torch.float64)
y = torch.randint(0, 3, (8,))
loss_naive, grad_naive = softmax_loss_naive(W, X, y, 0.000005)
loss_vec, grad_vec = softmax_loss_vectorized(W, X, y, 0.000005)
print('naive loss: %e' % loss_naive)
print('vectorized loss: %e' % loss_vec)
print('loss difference: %f' % abs(loss_naive - loss_vec))
print('gradient difference: %f' % torch.norm(grad_naive - grad_vec, p='fro'))
print('sanity check: %f' % (-torch.log(torch.tensor(0.1))))
Wa = W.clone().requires_grad_()
lossa, _ = softmax_loss_vectorized(Wa, X, y, 0.000005)
lossa.backward()
print(torch.allclose(Wa.grad, grad_vec))
print(grad_vec)
