import torch
import torch.nn as nn
import torch.optim as optim
from collections import OrderedDict

torch.manual_seed(42)
t_c = torch.tensor([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]).unsqueeze(1)
t_u = torch.tensor([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]).unsqueeze(1)
t_un = 0.1 * t_u
print(t_u.shape)

linear_model = nn.Linear(1, 1)
print(linear_model(t_un[:3]))
print(linear_model.weight, linear_model.bias)

seq_model = nn.Sequential(OrderedDict([
    ('hidden_linear', nn.Linear(1, 8)),
    ('hidden_activation', nn.Tanh()),
    ('output_linear', nn.Linear(8, 1)),
]))
print(seq_model)
for name, param in seq_model.named_parameters():
    print(name, param.shape)
print([param.shape for param in seq_model.parameters()])
print(seq_model.output_linear.bias)

optimizer = optim.SGD(seq_model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
for epoch in range(1, 2001):
    t_p = seq_model(t_un)
    loss = loss_fn(t_p, t_c)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch == 1 or epoch % 500 == 0:
        print(f"Epoch {epoch}, Training loss {loss.item():.4f}")
print('output', seq_model(t_un[:4]))
print('answer', t_c[:4])
print('hidden', seq_model.hidden_linear.weight.grad)
