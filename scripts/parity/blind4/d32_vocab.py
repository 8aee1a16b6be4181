import collections
import re

lines = """The Time Machine, by H. G. Wells
I
The Time Traveller (for so it will be convenient to speak of him)
was expounding a recondite matter to us. His grey eyes shone and
twinkled, and his usually pale face was flushed and animated.
The fire burned brightly, and the soft radiance of the incandescent
lights in the lilies of silver caught the bubbles that flashed and
passed in our glasses.""".split('\n')
lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in lines]
print(f'# text lines: {len(lines)}')
print(lines[0])

def tokenize(lines, token='word'):
    if token == 'word':
        return [line.split() for line in lines]
    elif token == 'char':
        return [list(line) for line in lines]

class Vocab:
    def __init__(self, tokens=None, min_freq=0, reserved_tokens=None):
        if tokens is None:
            tokens = []
        if reserved_tokens is None:
            reserved_tokens = []
        counter = collections.Counter([t for line in tokens for t in line])
        self._token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = ['<unk>'] + reserved_tokens
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
        for token, freq in self._token_freqs:
            if freq < min_freq:
                break
            if token not in self.token_to_idx:
                self.idx_to_token.append(token)
                self.token_to_idx[token] = len(self.idx_to_token) - 1

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, 0)
        return [self.__getitem__(token) for token in tokens]

tokens = tokenize(lines)
vocab = Vocab(tokens)
print(len(vocab))
print(list(vocab.token_to_idx.items())[:10])
for i in [0, 2]:
    print('words:', tokens[i])
    print('indices:', vocab[tokens[i]])
chars = Vocab(tokenize(lines, 'char'))
print(len(chars), chars.idx_to_token[:8])
corpus = [chars[c] for line in tokenize(lines, 'char') for c in line]
print(len(corpus), corpus[:12])
print(vocab._token_freqs[:5])
print(collections.Counter(len(w) for line in tokens for w in line).most_common(3))
