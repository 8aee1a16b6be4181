import random

random.seed(0)
print(random.random())
print(random.randint(4, 6))
print(random.randint(1, 100))
print(random.uniform(-1, 1))
print(random.choice(['rock', 'paper', 'scissors']))
print(random.randrange(10))
print(random.randrange(0, 100, 5))
