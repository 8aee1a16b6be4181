"""Homework 4: k-means clustering implemented with torch tensor ops."""
import torch

def kmeans(X, k, iters=10):
    centroids = X[torch.randperm(X.shape[0])[:k]].clone()
    for it in range(iters):
        d = torch.cdist(X, centroids)
        assign = d.argmin(dim=1)
        new = torch.stack([X[assign == j].mean(dim=0) for j in range(k)])
        shift = (new - centroids).norm().item()
        centroids = new
        inertia = ((X - centroids[assign]) ** 2).sum().item()
        print(f"iter {it}: inertia={inertia:.4f} shift={shift:.6f}")
        if shift < 1e-6:
            break
    return centroids, assign

torch.manual_seed(0)
centers = torch.tensor([[0., 0.], [5., 5.], [0., 6.]])
X = torch.cat([c + torch.randn(20, 2) for c in centers])
C, a = kmeans(X, 3)
order = sorted(range(3), key=lambda j: C[j, 0].item() + C[j, 1].item())
for j in order:
    print(f"cluster {j}: size={int((a == j).sum())}, center=({C[j,0]:.3f}, {C[j,1]:.3f})")
print(a[:10])
print(torch.bincount(a, minlength=3))
