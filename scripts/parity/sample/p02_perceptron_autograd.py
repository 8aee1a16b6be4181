import torch
import torch.nn as nn

torch.manual_seed(42)
model = nn.Linear(2, 1)
print(model)
print(model.weight, model.bias)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([[0.], [1.], [1.], [1.]])
opt = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.BCEWithLogitsLoss()
for step in range(100):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, loss.item())
with torch.no_grad():
    print(torch.sigmoid(model(X)))
    print((model(X) > 0).float())
