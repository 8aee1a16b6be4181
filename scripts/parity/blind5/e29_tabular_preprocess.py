import numpy as np
import torch

np.random.seed(2024)
n = 12
age = np.random.randint(18, 70, size=n).astype(np.float64)
income = np.round(np.random.lognormal(10, 0.5, size=n), 2)
city = np.random.choice(["paris", "lyon", "nice"], size=n)
income[[2, 7]] = np.nan
target = (age > 40).astype(np.int64)
print(age, income, city, sep="\n")

col_mean = np.nanmean(income)
income_filled = np.where(np.isnan(income), col_mean, income)
print(f"filled mean: {col_mean:.2f}")
cats = sorted(set(city.tolist()))
cat_to_idx = {c: i for i, c in enumerate(cats)}
print(cat_to_idx)
city_idx = np.array([cat_to_idx[c] for c in city])
one_hot = np.eye(len(cats))[city_idx]

num = np.stack([age, income_filled], axis=1)
mean, std = num.mean(axis=0), num.std(axis=0)
num_std = (num - mean) / std
features = np.concatenate([num_std, one_hot], axis=1).astype(np.float32)
print(features.shape, features.dtype)
print(np.round(features[:3], 4))

X = torch.tensor(features)
y = torch.tensor(target)
idx = np.random.permutation(n)
tr, va = idx[:9], idx[9:]
X_train, X_val = X[tr], X[va]
print(X_train.shape, X_val.shape, y[tr].tolist(), y[va].tolist())
print(X_train.mean(dim=0))
print(torch.from_numpy(one_hot).sum(0), one_hot.dtype)
