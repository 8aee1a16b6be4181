import datetime
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(7)
imgs = torch.randn(64, 3, 32, 32)
labels = torch.randint(0, 2, (64,))
dataset = [(imgs[i], labels[i].item()) for i in range(64)]
print(type(dataset[0][0]), dataset[0][1], len(dataset))

train_loader = torch.utils.data.DataLoader(dataset, batch_size=16, shuffle=True)

model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 4, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(4 * 8 * 8, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = optim.SGD(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()

def training_loop(n_epochs):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs_b, labels_b in train_loader:
            outputs = model(imgs_b)
            loss = loss_fn(outputs, labels_b)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_train += loss.item()
        print('Epoch {}, Training loss {}'.format(epoch, loss_train / len(train_loader)))

training_loop(5)

def validate(loader):
    correct = 0
    total = 0
    with torch.no_grad():
        for imgs_b, labels_b in loader:
            _, predicted = torch.max(model(imgs_b), dim=1)
            total += labels_b.shape[0]
            correct += int((predicted == labels_b).sum())
    print("Accuracy: {:.2f}".format(correct / total))

validate(torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=False))
print(isinstance(datetime.datetime.now(), datetime.datetime))
