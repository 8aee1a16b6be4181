import torch

def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.mm(W)
    correct = scores[range(num_train), y].view(-1, 1)
    margins = torch.clamp(scores - correct + 1, min=0)
    margins[range(num_train), y] = 0
    loss = margins.sum() / num_train + reg * torch.sum(W * W)
    binary = (margins > 0).to(X.dtype)
    row_sum = binary.sum(dim=1)
    binary[range(num_train), y] = -row_sum
    dW = X.t().mm(binary) / num_train + 2 * reg * W
    return loss, dW

def svm_loss_naive(W, X, y, reg):
    loss = 0.0
    for i in range(X.shape[0]):
        scores = X[i].matmul(W)
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss += margin.item()
    return loss / X.shape[0] + reg * torch.sum(W * W).item()

torch.manual_seed(1)
W = torch.randn(4, 3, dtype=torch.float64) * 0.01
X = torch.randn(10, 4, dtype=torch.float64) * 10
y = torch.randint(3, (10,))
loss, grad = svm_loss_vectorized(W, X, y, 0.05)
print('vectorized loss: %e' % loss)
print('naive loss: %e' % svm_loss_naive(W, X, y, 0.05))
print(grad)
Wr = W.clone().requires_grad_(True)
loss2, _ = svm_loss_vectorized(Wr, X, y, 0.05)
loss2.backward()
print('max diff vs autograd:', (Wr.grad - grad).abs().max().item())
print(torch.nn.functional.multi_margin_loss(X.mm(W), y).item() * 3, loss.item() - 0.05 * (W * W).sum().item())
