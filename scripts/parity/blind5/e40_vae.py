import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
x_data = torch.cat([torch.randn(100, 4) * 0.5 + 2, torch.randn(100, 4) * 0.5 - 2])

class VAE(nn.Module):
    def __init__(self, d=4, h=16, z=2):
        super().__init__()
        self.fc1 = nn.Linear(d, h)
        self.fc_mu = nn.Linear(h, z)
        self.fc_logvar = nn.Linear(h, z)
        self.fc3 = nn.Linear(z, h)
        self.fc4 = nn.Linear(h, d)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar

def loss_function(recon_x, x, mu, logvar):
    recon = F.mse_loss(recon_x, x, reduction='sum')
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return recon + kld, recon, kld

model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(1, 101):
    optimizer.zero_grad()
    recon, mu, logvar = model(x_data)
    loss, rl, kl = loss_function(recon, x_data, mu, logvar)
    loss.backward()
    optimizer.step()
    if epoch % 20 == 0:
        print('====> Epoch: {} Average loss: {:.4f} (recon {:.4f}, KL {:.4f})'.format(
            epoch, loss.item() / len(x_data), rl.item() / len(x_data), kl.item() / len(x_data)))
with torch.no_grad():
    mu, logvar = model.encode(x_data[[0, 150]])
    print(mu, logvar.exp())
    sample = model.decode(torch.randn(3, 2))
    print(sample)
