import random

random.seed(1)
print([round(random.gauss(0, 1), 6) for _ in range(5)])
print(random.normalvariate(10, 2))
random.seed(1)
print(random.gauss(0, 1))
print(random.getrandbits(16))
print(random.getrandbits(70))
