s = {3, 1, 2}
print(s)
print({10, 5, 100, 7, 33})
print(set([5, 4, 3, 2, 1, 0]))
print({-1, -2, 0, 1})
print({1.5, 0.5, 2.0})
print({(1, 2), (0, 0), (2, 1)})
labels = [3, 3, 1, 0, 2, 1]
print(set(labels), len(set(labels)))
print(sorted(set(labels)))
a = {1, 2, 3}
b = {2, 3, 4}
print(a | b, a & b, a - b, a ^ b)
for x in {42, 7, 19, 64}:
    print(x, end=' ')
print()
print(list({100, 200, 300, 1000, 1}))
