import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(256, 10),
)
print(model)
x = torch.randn(5, 1, 28, 28)
model.eval()
logits = model(x)
print(logits.shape)
probs = nn.Softmax(dim=1)(logits)
print(probs.sum(dim=1))
y_pred = probs.argmax(1)
print(f"Predicted class: {y_pred}")
print(model[1])
print(model[1].weight.shape, model[1].bias[:5])
print(len(model))
