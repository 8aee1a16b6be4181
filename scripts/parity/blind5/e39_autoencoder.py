import torch
import torch.nn as nn

torch.manual_seed(10)
latent = torch.randn(256, 2)
mixing = torch.randn(2, 8)
data = torch.tanh(latent @ mixing) + 0.05 * torch.randn(256, 8)

class AutoEncoder(nn.Module):
    def __init__(self, in_dim=8, code_dim=2):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(in_dim, 16), nn.ReLU(), nn.Linear(16, code_dim))
        self.decoder = nn.Sequential(nn.Linear(code_dim, 16), nn.ReLU(), nn.Linear(16, in_dim))

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z

ae = AutoEncoder()
print(ae)
opt = torch.optim.Adam(ae.parameters(), lr=1e-2)
loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True)
for epoch in range(1, 31):
    total = 0.0
    for xb in loader:
        recon, _ = ae(xb)
        loss = nn.functional.mse_loss(recon, xb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * xb.size(0)
    if epoch % 5 == 0:
        print(f"epoch {epoch:02d}  recon mse {total / len(data):.6f}")
with torch.no_grad():
    recon, codes = ae(data[:3])
print(codes)
print(recon - data[:3])
print(f"final full-data mse: {nn.functional.mse_loss(ae(data)[0], data).item():.6f}")
