import numpy as np
import torch
from torch import nn

NUM_CLASSES = 4
NUM_FEATURES = 2
RANDOM_SEED = 42
np.random.seed(RANDOM_SEED)
centers = np.random.uniform(-10, 10, size=(NUM_CLASSES, NUM_FEATURES))
labels = np.random.randint(0, NUM_CLASSES, size=500)
X_blob = centers[labels] + np.random.normal(0, 1.5, size=(500, NUM_FEATURES))
X_blob = torch.from_numpy(X_blob).type(torch.float)
y_blob = torch.from_numpy(labels).type(torch.LongTensor)
print(X_blob[:5], y_blob[:5])
print(np.bincount(labels))

X_train, X_test = X_blob[:400], X_blob[400:]
y_train, y_test = y_blob[:400], y_blob[400:]

class BlobModel(nn.Module):
    def __init__(self, input_features, output_features, hidden_units=8):
        super().__init__()
        self.linear_layer_stack = nn.Sequential(
            nn.Linear(input_features, hidden_units), nn.ReLU(),
            nn.Linear(hidden_units, hidden_units), nn.ReLU(),
            nn.Linear(hidden_units, output_features))

    def forward(self, x):
        return self.linear_layer_stack(x)

torch.manual_seed(RANDOM_SEED)
model_4 = BlobModel(input_features=NUM_FEATURES, output_features=NUM_CLASSES, hidden_units=8)
print(model_4)
y_logits = model_4(X_test)
y_pred_probs = torch.softmax(y_logits, dim=1)
print(y_logits[:5])
print(y_pred_probs[:5])
print(torch.sum(y_pred_probs[0]), torch.argmax(y_pred_probs[0]))

def accuracy_fn(y_true, y_pred):
    return (torch.eq(y_true, y_pred).sum().item() / len(y_pred)) * 100

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model_4.parameters(), lr=0.1)
for epoch in range(101):
    model_4.train()
    logits = model_4(X_train)
    loss = loss_fn(logits, y_train)
    acc = accuracy_fn(y_train, logits.softmax(dim=1).argmax(dim=1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 10 == 0:
        with torch.inference_mode():
            test_logits = model_4(X_test)
            test_loss = loss_fn(test_logits, y_test)
            test_acc = accuracy_fn(y_test, test_logits.argmax(dim=1))
        print(f"Epoch: {epoch} | Loss: {loss:.5f}, Acc: {acc:.2f}% | Test Loss: {test_loss:.5f}, Test Acc: {test_acc:.2f}%")
