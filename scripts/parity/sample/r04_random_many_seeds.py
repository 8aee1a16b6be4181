import random

for s in [0, 1, 7, 123, 2**32, 2**40 + 5, -3, 99999999999]:
    random.seed(s)
    print(s, random.random(), random.randint(0, 9), random.randrange(1000000))
