import random

rng = random.Random(5)
print(rng.random(), rng.randint(1, 6))
rng2 = random.Random(5)
print(rng2.random())
print([rng.choice('ACGT') for _ in range(10)])
print(rng.triangular(0, 1, 0.5) < 1)
print(random.Random(3).sample(range(20), 4))
