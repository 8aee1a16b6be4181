import torch

# A single perceptron learning AND
torch.manual_seed(0)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([0., 0., 0., 1.])
w = torch.zeros(2)
b = torch.tensor(0.)
lr = 0.1
for epoch in range(10):
    errors = 0
    for xi, target in zip(X, y):
        pred = 1.0 if (xi @ w + b) > 0 else 0.0
        update = lr * (target - pred)
        w += update * xi
        b += update
        errors += int(update != 0)
    print(f"epoch {epoch}: errors={errors}")
print("weights:", w)
print("bias:", b)
print([int((xi @ w + b) > 0) for xi in X])
