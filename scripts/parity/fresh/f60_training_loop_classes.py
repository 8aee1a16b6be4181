import torch
import torch.nn as nn

class Trainer:
    def __init__(self, model, lr=0.1):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.5)
        self.loss_fn = nn.CrossEntropyLoss()
        self.history = []

    def fit(self, X, y, epochs):
        for epoch in range(epochs):
            self.model.train()
            self.opt.zero_grad()
            loss = self.loss_fn(self.model(X), y)
            loss.backward()
            self.opt.step()
            self.history.append(loss.item())
        return self

    @torch.no_grad()
    def evaluate(self, X, y):
        self.model.eval()
        pred = self.model(X).argmax(dim=1)
        return (pred == y).float().mean().item()

torch.manual_seed(0)
X = torch.cat([torch.randn(30, 2) + 2, torch.randn(30, 2) - 2])
y = torch.cat([torch.zeros(30, dtype=torch.long), torch.ones(30, dtype=torch.long)])
t = Trainer(nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))).fit(X, y, 10)
print([f"{l:.4f}" for l in t.history])
print(f"accuracy = {t.evaluate(X, y):.3f}")
print(t.history[-1])
print(len(t.history), t.model)
