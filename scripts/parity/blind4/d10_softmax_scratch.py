import torch

def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition

torch.manual_seed(0)
X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))

y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])

def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])

print(cross_entropy(y_hat, y))

def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())

print(accuracy(y_hat, y) / len(y))

W = torch.normal(0, 0.01, size=(4, 3), requires_grad=True)
b = torch.zeros(3, requires_grad=True)
feats = torch.randn(6, 4)
labels = torch.tensor([0, 1, 2, 2, 1, 0])
for epoch in range(5):
    y_hat = softmax(feats @ W + b)
    l = cross_entropy(y_hat, labels).mean()
    l.backward()
    with torch.no_grad():
        W -= 0.5 * W.grad; b -= 0.5 * b.grad
        W.grad.zero_(); b.grad.zero_()
    print(f"epoch {epoch}: loss {l.item():.4f}, acc {accuracy(y_hat, labels) / len(labels):.3f}")
