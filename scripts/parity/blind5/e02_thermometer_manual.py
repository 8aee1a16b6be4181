import torch

t_c = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
t_u = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]
t_c = torch.tensor(t_c)
t_u = torch.tensor(t_u)

def model(t_u, w, b):
    return w * t_u + b

def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return squared_diffs.mean()

def dloss_fn(t_p, t_c):
    return 2 * (t_p - t_c) / t_p.size(0)

def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = dloss_fn(t_p, t_c)
    dloss_dw = dloss_dtp * t_u
    dloss_db = dloss_dtp * 1.0
    return torch.stack([dloss_dw.sum(), dloss_db.sum()])

def training_loop(n_epochs, learning_rate, params, t_u, t_c, print_every=500):
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        grad = grad_fn(t_u, t_c, t_p, w, b)
        params = params - learning_rate * grad
        if epoch % print_every == 0 or epoch <= 3:
            print('Epoch %d, Loss %f' % (epoch, float(loss)))
    return params

w = torch.ones(())
b = torch.zeros(())
print(loss_fn(model(t_u, w, b), t_c))
t_un = 0.1 * t_u
params = training_loop(5000, 1e-2, torch.tensor([1.0, 0.0]), t_un, t_c)
print(params)
print(training_loop(3, 1e-2, torch.tensor([1.0, 0.0]), t_u, t_c))
