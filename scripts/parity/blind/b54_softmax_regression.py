import torch

torch.manual_seed(0)
num_inputs, num_outputs = 4, 3
centers = torch.tensor([[2.0, 0, 0, 0], [0, 2.0, 0, 0], [0, 0, 2.0, 2.0]])
y = torch.randint(0, 3, (150,))
X = centers[y] + torch.randn(150, 4)

W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)

def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition

def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)

def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])

def accuracy(y_hat, y):
    y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())

X_prob = softmax(torch.normal(0, 1, (2, 5)))
print(X_prob, X_prob.sum(1))
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(cross_entropy(y_hat, torch.tensor([0, 2])))
print(accuracy(y_hat, torch.tensor([0, 2])) / 2)

lr = 0.1
for epoch in range(10):
    for i in range(0, 150, 30):
        l = cross_entropy(net(X[i:i + 30]), y[i:i + 30])
        l.mean().backward()
        with torch.no_grad():
            W -= lr * W.grad
            b -= lr * b.grad
            W.grad.zero_()
            b.grad.zero_()
    with torch.no_grad():
        train_l = cross_entropy(net(X), y).mean()
        acc = accuracy(net(X), y) / len(y)
    print(f"epoch {epoch + 1}, loss {train_l:.6f}, train acc {acc:.3f}")
print(W)
