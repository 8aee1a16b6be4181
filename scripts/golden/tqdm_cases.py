#!/usr/bin/env python3
"""tqdm fixtures for nnrepl: Tests/InterpreterTests/Fixtures/tqdm.json.

    ~/torchenv/bin/python scripts/golden/tqdm_cases.py            # write the file
    ~/torchenv/bin/python scripts/golden/tqdm_cases.py --check    # compare only

Real tqdm (the venv's) produces:
  * `meter`: `tqdm.format_meter(**kwargs)` for many argument sets (counts, totals, widths,
    rates, units, postfixes, descriptions with wide characters, ascii bars);
  * `interval`, `num`, `sizeof`: its helpers;
  * `streams`: everything tqdm writes to its file for a scripted session under a fake clock —
    bars created, iterated (the clock advancing in the loop body), updated, described, nested,
    closed — so nnrepl's ProgressBar can be checked byte for byte (refresh rule, smoothed rate,
    dynamic miniters, positions, leave).
Format: README.md beside this script (§8).
"""

import argparse
import io
import json
import os
import sys

import tqdm as tqdm_module
import tqdm.std as tqdm_std
from tqdm import tqdm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'tqdm.json')

METER = [
    dict(n=0, total=10, elapsed=0, ncols=80),
    dict(n=4, total=10, elapsed=1.2, ncols=80, prefix='train'),
    dict(n=4, total=10, elapsed=1.2, ncols=80, prefix='train', rate=3.5, postfix='loss=0.25'),
    dict(n=10, total=10, elapsed=2.85, ncols=99),
    dict(n=3, total=7, elapsed=0.5, ncols=60, ascii=True),
    dict(n=1, total=3, elapsed=2, ncols=60, ascii=True),
    dict(n=7, total=None, elapsed=3.3, ncols=80),
    dict(n=7, total=None, elapsed=3.3, ncols=80, prefix='read', unit='B', postfix='x=1'),
    dict(n=0, total=None, elapsed=0, ncols=80),
    dict(n=5, total=8, elapsed=12, ncols=0),
    dict(n=5, total=8, elapsed=12, ncols=None),
    dict(n=5, total=8, elapsed=12, ncols=None, prefix='no width'),
    dict(n=12345, total=100000, elapsed=3723, ncols=100, unit_scale=True),
    dict(n=1, total=100, elapsed=40, ncols=80, unit='batch'),
    dict(n=50, total=100, elapsed=0.01, ncols=80, unit='img'),
    dict(n=3, total=4, elapsed=1, ncols=50, prefix='训练'),
    dict(n=2, total=5, elapsed=1, ncols=30, prefix='a long description that does not fit'),
    dict(n=9, total=10, elapsed=5, ncols=80, prefix='epoch 3: '),
    dict(n=11, total=10, elapsed=5, ncols=80),
    dict(n=1, total=2, elapsed=1000000, ncols=80),
    dict(n=2, total=3, elapsed=1.5, ncols=80, rate=0.25),
]
INTERVALS = [0, 0.4, 1, 59.9, 60, 61, 3599, 3600, 3661, 86399, 360000, -5]
NUMS = [0, 1, 12, 123, 1234, 12345, 0.25, 0.1, 1 / 3, 2.5e-05, 123456.789, 1e-10, 100.0, -0.5, 7.0, True]
SIZES = [0, 1, 9.994, 9.995, 99.95, 999.4, 999.5, 1234, 123456, 1.5e9, 2e30]

# Streams: each step is [op, args]; bars are numbered in creation order.
STREAMS = {
    'loop_10': [['new', {'total': 10, 'desc': 'train', 'ncols': 80}], ['loop', {'bar': 0, 'count': 10, 'dt': 0.15}]],
    'fast_loop': [['new', {'total': 1000, 'ncols': 70}], ['loop', {'bar': 0, 'count': 1000, 'dt': 0.002}]],
    'slow_start': [['new', {'total': 50, 'ncols': 72, 'unit': 'batch'}], ['loop', {'bar': 0, 'count': 5, 'dt': 0.5}],
                   ['loop_more', {'bar': 0, 'count': 45, 'dt': 0.01}]],
    'manual_updates': [['new', {'total': 6, 'ncols': 80}], ['tick', 0.3], ['update', {'bar': 0, 'n': 2}],
                       ['postfix', {'bar': 0, 's': 'loss=0.5'}], ['tick', 0.3], ['update', {'bar': 0, 'n': 1}],
                       ['tick', 0.05], ['update', {'bar': 0, 'n': 1}], ['tick', 0.4], ['describe', {'bar': 0, 'desc': 'fit'}],
                       ['update', {'bar': 0, 'n': 2}], ['close', 0]],
    'unknown_total': [['new', {'ncols': 80, 'unit': 'step'}], ['tick', 0.2], ['update', {'bar': 0, 'n': 3}],
                      ['tick', 0.2], ['update', {'bar': 0, 'n': 3}], ['close', 0]],
    'leave_false': [['new', {'total': 4, 'ncols': 60, 'leave': False}], ['loop', {'bar': 0, 'count': 4, 'dt': 0.2}]],
    'nested': [['new', {'total': 2, 'desc': 'epochs', 'ncols': 80}],
               ['nested_loop', {'outer': 0, 'count': 2, 'inner': {'total': 3, 'ncols': 80, 'leave': False}, 'inner_count': 3, 'dt': 0.15}]],
    'nested_leave': [['new', {'total': 2, 'desc': 'outer', 'ncols': 70}],
                     ['nested_loop', {'outer': 0, 'count': 2, 'inner': {'total': 2, 'ncols': 70}, 'inner_count': 2, 'dt': 0.2}]],
    'ascii_initial': [['new', {'total': 8, 'ncols': 50, 'ascii': True, 'initial': 2}], ['tick', 0.5], ['update', {'bar': 0, 'n': 3}],
                      ['tick', 0.5], ['update', {'bar': 0, 'n': 3}], ['close', 0]],
    'mininterval_zero': [['new', {'total': 5, 'ncols': 60, 'mininterval': 0}], ['loop', {'bar': 0, 'count': 5, 'dt': 0.01}]],
    'break_early': [['new', {'total': 10, 'ncols': 60}], ['loop', {'bar': 0, 'count': 10, 'dt': 0.2, 'break_after': 4}]],
}


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def run_stream(steps):
    clock = FakeClock()
    tqdm_std.time = clock
    out = io.StringIO()
    bars = []

    def make(kw):
        kw = dict(kw)
        kw.setdefault('ascii', False)
        return tqdm(file=out, **kw)

    for op, arg in steps:
        if op == 'new':
            bars.append(make(arg))
        elif op == 'tick':
            clock.t += arg
        elif op == 'update':
            bars[arg['bar']].update(arg['n'])
        elif op == 'postfix':
            bars[arg['bar']].set_postfix_str(arg['s'])
        elif op == 'describe':
            bars[arg['bar']].set_description(arg['desc'])
        elif op == 'close':
            bars[arg].close()
        elif op in ('loop', 'loop_more'):
            bar = bars[arg['bar']]
            bar.iterable = range(arg['count'])
            for i, _ in enumerate(bar):
                clock.t += arg['dt']
                if arg.get('break_after') is not None and i + 1 >= arg['break_after']:
                    break
            bar.close()
        elif op == 'nested_loop':
            outer = bars[arg['outer']]
            outer.iterable = range(arg['count'])
            for _ in outer:
                inner = make(arg['inner'])
                bars.append(inner)
                inner.iterable = range(arg['inner_count'])
                for _ in inner:
                    clock.t += arg['dt']
        else:
            raise ValueError(op)
    for b in bars:
        b.close()
    tqdm_std.time = __import__('time').time
    return out.getvalue()


def build():
    meter = []
    for kw in METER:
        args = dict(kw)
        meter.append({'args': kw, 'text': tqdm.format_meter(**args)})
    return {
        'format': 'nnrepl-tqdm-golden/1',
        'produced_by': f'tqdm {tqdm_module.__version__}, Python {sys.version.split()[0]}, scripts/golden/tqdm_cases.py',
        'meter': meter,
        'interval': [[t, tqdm.format_interval(t)] for t in INTERVALS],
        'num': [[n, type(n).__name__, tqdm.format_num(n)] for n in NUMS],
        'sizeof': [[s, tqdm.format_sizeof(s)] for s in SIZES],
        'streams': {name: {'steps': steps, 'output': run_stream(steps)} for name, steps in STREAMS.items()},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true')
    a = ap.parse_args()
    text = json.dumps(build(), indent=1, ensure_ascii=False) + '\n'
    old = open(OUT, encoding='utf-8').read() if os.path.exists(OUT) else None
    if a.check:
        print('unchanged' if old == text else 'DIFFERS', OUT)
        return 0 if old == text else 1
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)
    print('tqdm.json:', len(METER), 'meters,', len(STREAMS), 'streams')
    return 0


if __name__ == '__main__':
    sys.exit(main())
