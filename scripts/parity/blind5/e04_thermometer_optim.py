import torch
import torch.optim as optim

torch.manual_seed(0)
t_c = torch.tensor([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0])
t_u = torch.tensor([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4])

print(dir(optim)[:3] == sorted(dir(optim))[:3])
n_samples = t_u.shape[0]
n_val = int(0.2 * n_samples)
shuffled_indices = torch.randperm(n_samples)
train_indices = shuffled_indices[:-n_val]
val_indices = shuffled_indices[-n_val:]
print(train_indices, val_indices)

train_t_un = 0.1 * t_u[train_indices]
val_t_un = 0.1 * t_u[val_indices]
train_t_c, val_t_c = t_c[train_indices], t_c[val_indices]

def model(t_u, w, b):
    return w * t_u + b

def loss_fn(t_p, t_c):
    return ((t_p - t_c) ** 2).mean()

for name, opt_cls, lr in [('SGD', optim.SGD, 1e-2), ('Adam', optim.Adam, 1e-1)]:
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = opt_cls([params], lr=lr)
    for epoch in range(1, 3001):
        train_loss = loss_fn(model(train_t_un, *params), train_t_c)
        with torch.no_grad():
            val_loss = loss_fn(model(val_t_un, *params), val_t_c)
            assert val_loss.requires_grad == False
        optimizer.zero_grad()
        train_loss.backward()
        optimizer.step()
        if epoch <= 3 or epoch % 500 == 0:
            print(f"{name} Epoch {epoch}, Training loss {train_loss.item():.4f}, Validation loss {val_loss.item():.4f}")
    print(name, params)
