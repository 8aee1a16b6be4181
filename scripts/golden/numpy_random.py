#!/usr/bin/env python
"""Writes Tests/InterpreterTests/Fixtures/numpy/random.json: numpy's legacy RandomState streams.

Usage (numpy 2.x installed, e.g. the torch venv):
    ~/torchenv/bin/python scripts/golden/numpy_random.py          # write
    ~/torchenv/bin/python scripts/golden/numpy_random.py --check  # compare, write nothing

Each case seeds a fresh RandomState and runs a list of calls; every value drawn is recorded
(floats as float.hex, so the Swift test compares bits). The calls are a tiny language the Swift
test (NumpyRandomTests) interprets against nnrepl's NumpyRandomState:
    ["seed", s] | ["seed_array", [w...]] | ["random_sample", n] | ["randn", n] |
    ["randint", low, high, n, dtype] | ["uniform", low, high, n] | ["normal", loc, scale, n] |
    ["permutation", n] | ["shuffle", n] | ["exponential", n] | ["choice", a, n, replace]
"""
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'Tests', 'InterpreterTests', 'Fixtures', 'numpy', 'random.json')


def run(calls):
    rs = np.random.RandomState(0)
    out = []
    for c in calls:
        op = c[0]
        if op == 'seed':
            rs.seed(c[1]); out.append(None); continue
        if op == 'seed_array':
            rs.seed(c[1]); out.append(None); continue
        if op == 'random_sample':
            v = rs.random_sample(c[1])
        elif op == 'randn':
            v = rs.randn(c[1])
        elif op == 'randint':
            v = rs.randint(c[1], c[2], size=c[3], dtype=c[4])
        elif op == 'uniform':
            v = rs.uniform(c[1], c[2], c[3])
        elif op == 'normal':
            v = rs.normal(c[1], c[2], c[3])
        elif op == 'exponential':
            v = rs.exponential(1.0, c[1])
        elif op == 'permutation':
            v = rs.permutation(c[1])
        elif op == 'shuffle':
            v = np.arange(c[1]); rs.shuffle(v)
        elif op == 'choice':
            v = rs.choice(c[1], c[2], replace=c[3])
        else:
            raise ValueError(op)
        v = np.asarray(v)
        if v.dtype.kind == 'f':
            out.append([float(x).hex() for x in v.tolist()])
        else:
            out.append([int(x) for x in v.tolist()])
    return out


def cases():
    result = []
    seeds = [0, 1, 2, 3, 7, 42, 123, 1234, 12345, 2**31 - 1, 2**31, 2**32 - 1, 987654321, 31337]
    rng = np.random.RandomState(2024)
    seeds += [int(x) for x in rng.randint(0, 2**32, size=30, dtype=np.uint64)]
    for s in seeds:
        calls = [['seed', s],
                 ['random_sample', 7], ['randn', 5], ['randn', 4], ['random_sample', 2],
                 ['randint', 0, 10, 12, 'int64'], ['randint', -3, 4, 6, 'int64'],
                 ['randint', 0, 2**31, 3, 'int64'], ['randint', 0, 2**32, 3, 'int64'],
                 ['randint', 5, 2**40 + 7, 4, 'int64'], ['randint', -2**63, 2**63 - 1, 2, 'int64'],
                 ['randint', 0, 100, 5, 'int32'], ['randint', 0, 256, 9, 'uint8'],
                 ['randint', 0, 3, 7, 'uint8'], ['randint', -100, 1000, 5, 'int16'],
                 ['uniform', -1.5, 2.0, 5], ['normal', 3.0, 0.5, 5], ['exponential', 3],
                 ['permutation', 10], ['shuffle', 13], ['permutation', 1], ['choice', 6, 8, True],
                 ['choice', 9, 4, False], ['randn', 1], ['random_sample', 1]]
        if s in (0, 1, 42, 12345, 2**32 - 1):
            calls.append(['randn', 3001])     # the polar method's rejections and log at scale
        result.append({'name': f'seed{s}', 'calls': calls})
    result.append({'name': 'seed_arrays', 'calls': [
        ['seed_array', [0]], ['random_sample', 5], ['seed_array', [1, 2, 3]], ['randn', 5],
        ['seed_array', [2**32 - 1] * 700], ['random_sample', 3], ['seed_array', list(range(624))],
        ['randint', 0, 1000, 5, 'int64']]})
    for c in result:
        c['values'] = run(c['calls'])
    return result


def main():
    doc = {'format': 'nnrepl-numpy-random/1', 'produced_by': f'numpy {np.__version__}',
           'cases': cases()}
    text = '{"format": %s, "produced_by": %s, "cases": [\n%s\n]}\n' % (
        json.dumps(doc['format']), json.dumps(doc['produced_by']),
        ',\n'.join(json.dumps(c) for c in doc['cases']))
    if '--check' in sys.argv:
        with open(OUT) as f:
            same = f.read() == text
        print('random.json: ' + ('up to date' if same else 'DIFFERS'))
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write(text)


if __name__ == '__main__':
    main()
