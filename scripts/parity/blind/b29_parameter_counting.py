import torch.nn as nn

def count(model):
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable

mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
print(count(mlp))

cnn = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
print(count(cnn))
for name, p in cnn.named_parameters():
    print(f"{name:12s} {str(list(p.shape)):20s} {p.numel():>8,d}")

rnn = nn.LSTM(input_size=10, hidden_size=20, num_layers=2)
print(count(rnn))
emb = nn.Embedding(1000, 64)
print(count(emb))
bn = nn.BatchNorm2d(16)
print(count(bn), len(list(bn.buffers())))
print(f"Total: {sum(count(m)[0] for m in [mlp, cnn, rnn]):,}")
