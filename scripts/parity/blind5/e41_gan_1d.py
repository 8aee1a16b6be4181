import torch
import torch.nn as nn

torch.manual_seed(0)
real_mean, real_std = 4.0, 1.25

def get_real(n):
    return torch.randn(n, 1) * real_std + real_mean

def get_noise(n):
    return torch.rand(n, 1)

G = nn.Sequential(nn.Linear(1, 16), nn.ELU(), nn.Linear(16, 16), nn.ELU(), nn.Linear(16, 1))
D = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
d_opt = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
g_opt = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
batch = 64
ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

for step in range(1, 301):
    D.zero_grad()
    d_real_error = criterion(D(get_real(batch)), ones)
    fake = G(get_noise(batch)).detach()
    d_fake_error = criterion(D(fake), zeros)
    d_loss = d_real_error + d_fake_error
    d_loss.backward()
    d_opt.step()

    G.zero_grad()
    g_fake = G(get_noise(batch))
    g_loss = criterion(D(g_fake), ones)
    g_loss.backward()
    g_opt.step()
    if step % 50 == 0:
        s = g_fake.detach()
        print(f"{step:4d}: D {d_real_error.item():.4f}/{d_fake_error.item():.4f} G {g_loss.item():.4f} "
              f"fake mean {s.mean().item():.4f} std {s.std().item():.4f}")
with torch.no_grad():
    samples = G(get_noise(1000))
print(f"generated: mean={samples.mean():.3f} std={samples.std():.3f}")
print(torch.histc(samples, bins=5, min=0, max=8))
