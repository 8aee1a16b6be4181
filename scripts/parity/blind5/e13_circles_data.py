import numpy as np
import torch
from torch import nn

def make_circles(n_samples=1000, noise=0.03, factor=0.8, seed=42):
    rng = np.random.RandomState(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    lin_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    lin_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    outer = np.vstack([np.cos(lin_out), np.sin(lin_out)]).T
    inner = np.vstack([np.cos(lin_in) * factor, np.sin(lin_in) * factor]).T
    X = np.vstack([outer, inner])
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    X += rng.normal(scale=noise, size=X.shape)
    idx = rng.permutation(n_samples)
    return X[idx], y[idx]

X, y = make_circles(1000)
print(f"First 5 X features:\n{X[:5]}")
print(f"\nFirst 5 y labels:\n{y[:5]}")
print(X.shape, y.shape, X.dtype, y.dtype)

X = torch.from_numpy(X).type(torch.float)
y = torch.from_numpy(y).type(torch.float)
print(X[:5], y[:5])
print(X.dtype, y.dtype)

torch.manual_seed(42)
perm = torch.randperm(len(X))
n_test = int(0.2 * len(X))
X_test, y_test = X[perm[:n_test]], y[perm[:n_test]]
X_train, y_train = X[perm[n_test:]], y[perm[n_test:]]
print(len(X_train), len(X_test), len(y_train), len(y_test))
print(y_train.sum().item(), y_test.mean().item())

model_0 = nn.Sequential(nn.Linear(in_features=2, out_features=5), nn.Linear(in_features=5, out_features=1))
print(model_0)
untrained_preds = model_0(X_test)
print(f"Length of predictions: {len(untrained_preds)}, Shape: {untrained_preds.shape}")
print(f"\nFirst 10 predictions:\n{untrained_preds[:10]}")
print(f"\nFirst 10 test labels:\n{y_test[:10]}")
