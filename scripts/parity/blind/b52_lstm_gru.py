import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(input_size=3, hidden_size=5, batch_first=True)
print(lstm)
x = torch.randn(2, 4, 3)
out, (h, c) = lstm(x)
print(out.shape, h.shape, c.shape)
print(out[:, -1])
print(h.squeeze(0))
print(c)

gru = nn.GRU(3, 5, num_layers=2, dropout=0.0)
xs = torch.randn(4, 2, 3)
out, h = gru(xs)
print(out.shape, h.shape)
print(out[-1])

lstm2 = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
out, (h, c) = lstm2(x)
print(out.shape, h.shape)
print(lstm2.weight_ih_l0.shape, lstm2.weight_hh_l1_reverse.shape)

class SeqClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 8, batch_first=True)
        self.fc = nn.Linear(8, 2)
    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])

m = SeqClassifier()
logits = m(x)
print(logits)
loss = nn.functional.cross_entropy(logits, torch.tensor([0, 1]))
loss.backward()
print(loss.item())
print(m.lstm.bias_hh_l0.grad[:4])
try:
    lstm(torch.randn(2, 4, 7))
except RuntimeError as e:
    print(e)
