#!/usr/bin/env python3
"""Fixtures for the wider torch surface: Tests/InterpreterTests/Fixtures/surface.json.

The functions, layers, losses, optimizers and autograd features a course and the official
beginner tutorials meet beyond the core (logsumexp, einsum, unique, nn.Embedding, nn.LSTM,
torch.autograd.Function, autograd.grad, Adagrad, ...). Same case format as ops.json / nn.json
(README.md §2), kept in a file of its own so that it grows without touching the others.

Needs Python 3.11 with PyTorch 2.15:
    ~/torchenv/bin/python scripts/golden/surface.py            # write the fixture
    ~/torchenv/bin/python scripts/golden/surface.py --check    # compare with the committed file
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402
import surface_cases                                                # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'surface.json')


def build():
    out = []
    for spec in surface_cases.CASES:
        try:
            res = G.run_case(spec)
        except Exception as e:                                     # noqa: BLE001
            raise SystemExit(f'{spec["name"]}: {type(e).__name__}: {e}')
        G.check_seeded(spec, res)
        out.append(res)
    names = [c['name'] for c in out]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f'duplicate case names: {sorted(dup)}')
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed file, write nothing')
    ap.add_argument('--only', help='run only the cases whose name contains this text, print, write nothing')
    a = ap.parse_args()
    if a.only:
        surface_cases.CASES[:] = [c for c in surface_cases.CASES if a.only in c['name']]
        for c in build():
            print(c)
        return 0
    cases = build()
    header = {'format': 'nnrepl-ops-golden/1', 'produced_by': G.produced_by() + ', scripts/golden/surface.py'}
    text = G.dump(OUT, header, cases)
    ok = G.write_or_check(OUT, text, a.check)
    n_err = sum('error' in c for c in cases)
    print(f'surface: {len(cases)} cases ({n_err} errors), {len(text) // 1024} KiB')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
