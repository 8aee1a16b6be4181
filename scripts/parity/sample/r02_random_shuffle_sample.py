import random

random.seed(42)
data = list(range(10))
random.shuffle(data)
print(data)
print(random.sample(range(100), 5))
print(random.sample(['a', 'b', 'c', 'd'], 2))
print(random.choices([1, 2, 3], k=5))
print(random.choices(['x', 'y'], weights=[0.9, 0.1], k=6))
