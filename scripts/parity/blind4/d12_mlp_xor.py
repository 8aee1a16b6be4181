import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
Y = torch.tensor([[0.], [1.], [1.], [0.]])

class XorNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        return torch.sigmoid(self.out(torch.tanh(self.hidden(x))))

model = XorNet()
print(model)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
criterion = nn.BCELoss()
for epoch in range(1, 501):
    opt.zero_grad()
    loss = criterion(model(X), Y)
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(f"Epoch {epoch}, Loss: {loss.item():.6f}")
with torch.no_grad():
    pred = model(X)
print(pred.round())
print(pred.squeeze().tolist())
