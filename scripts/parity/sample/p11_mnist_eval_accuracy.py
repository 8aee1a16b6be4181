import torch
import torch.nn as nn

torch.manual_seed(123)
X_train = torch.randn(200, 784)
y_train = torch.randint(0, 10, (200,))
X_test = torch.randn(50, 784)
y_test = torch.randint(0, 10, (50,))

model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

def evaluate(model, X, y):
    model.eval()
    with torch.no_grad():
        out = model(X)
        loss = loss_fn(out, y).item()
        correct = (out.argmax(1) == y).type(torch.float).sum().item()
    model.train()
    return loss, correct / len(y)

for epoch in range(5):
    perm = torch.randperm(200)
    for i in range(0, 200, 50):
        idx = perm[i:i + 50]
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    test_loss, acc = evaluate(model, X_test, y_test)
    print(f"Epoch {epoch}: train loss {loss:.4f}, test loss {test_loss:.4f}, acc {100*acc:.1f}%")
