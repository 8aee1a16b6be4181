import torch

torch.manual_seed(0)
outputs = torch.randn(10, 4)
labels = torch.randint(0, 4, (10,))
_, predicted = torch.max(outputs, 1)
print(predicted)
correct = (predicted == labels).sum()
print(correct, type(correct))
print(f"Accuracy: {100 * correct / labels.size(0)}%")
print(f"Accuracy: {100 * correct.item() / labels.size(0):.1f}%")
print('Accuracy of the network: %d %%' % (100 * correct / len(labels)))
print(f"{correct}/{len(labels)} correct")
