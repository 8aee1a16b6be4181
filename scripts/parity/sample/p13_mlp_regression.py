import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-3, 3, 50).unsqueeze(1)
y = torch.sin(x) + 0.1 * torch.randn(x.size())
model = nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
crit = nn.MSELoss()
losses = []
for t in range(300):
    pred = model(x)
    loss = crit(pred, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
    if t % 50 == 49:
        print(t, loss.item())
print(f"final: {losses[-1]:.4f}")
print(model(torch.tensor([[0.0], [1.5]])))
