import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
for name in ["Adam", "AdamW", "RMSprop", "Adagrad"]:
    torch.manual_seed(7)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    opt = getattr(torch.optim, name)(model.parameters(), lr=0.01)
    crit = nn.CrossEntropyLoss()
    for step in range(4):
        opt.zero_grad()
        loss = crit(model(X), y)
        loss.backward()
        opt.step()
        print(name, step, loss.item())
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.99), weight_decay=1e-4)
print(opt.param_groups[0]["lr"], opt.param_groups[0]["betas"])
print(opt.defaults["weight_decay"])
