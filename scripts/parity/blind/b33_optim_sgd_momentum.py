import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(32, 3)
y = X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3

for mom in [0.0, 0.9]:
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=mom)
    for epoch in range(20):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X).squeeze(-1), y)
        loss.backward()
        opt.step()
        if epoch % 5 == 4:
            print(f"momentum={mom} epoch {epoch + 1}: loss={loss.item():.6f}")
    print(model.weight.data, model.bias.data)

print(opt)
opt2 = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
print(opt2)
print(opt.state_dict()['param_groups'])
