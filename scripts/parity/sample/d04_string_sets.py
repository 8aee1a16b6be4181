words = "the cat sat on the mat".split()
vocab = set(words)
print(len(vocab))
print(sorted(vocab))
print(vocab)
print({'relu', 'tanh', 'sigmoid'})
word2idx = {w: i for i, w in enumerate(sorted(vocab))}
print(word2idx)
print(frozenset({'a'}))
