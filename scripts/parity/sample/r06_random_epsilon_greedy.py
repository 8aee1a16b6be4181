import random
import torch

random.seed(2024)
torch.manual_seed(0)
q = torch.randn(4)
eps = 0.3
actions = []
for step in range(12):
    if random.random() < eps:
        a = random.randrange(4)
    else:
        a = q.argmax().item()
    actions.append(a)
print(actions)
state = random.getstate()
x = random.random()
random.setstate(state)
print(x == random.random())
