#!/usr/bin/env python3
"""The examples in nnrepl's help texts (Sources/Help/texts/*.txt), run by real PyTorch.

    ~/torchenv/bin/python scripts/golden/help_examples.py            # check: report differences, exit 1 on any
    ~/torchenv/bin/python scripts/golden/help_examples.py --write    # rewrite each example's output with PyTorch's

Every entry's `Example:` section is a short shell session (`>>> ` statements, `... `
continuations, then the output). It runs as Python's interactive prompt runs it (each
statement compiled in 'single' mode, so expression values are displayed), after
`import torch; import torch.nn as nn; import torch.nn.functional as F; import torch.optim as optim`,
in a fresh namespace per entry. Statements starting with `%` (nnrepl magics) cannot run here:
an entry whose example uses one is skipped (the Swift test still checks it against nnrepl).
With --write the outputs in the files become PyTorch's, so an example is written as its
`>>> ` lines only and filled in here. The Swift test HelpTests then checks that nnrepl prints
the same. Determinism as in transcripts.py: AVX2 kernels, one thread.
"""

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TEXTS = ROOT / 'Sources' / 'Help' / 'texts'
ENV = {'ATEN_CPU_CAPABILITY': 'avx2', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'PYTHONHASHSEED': '0'}
PREAMBLE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.optim as optim\n'
ADDRESS = re.compile(r'(?<![0-9A-Za-z_])0x[0-9a-f]+')


def entries(text):
    """(start line index, end line index, names) of each entry."""
    lines = text.split('\n')
    starts = [i for i, l in enumerate(lines) if l.startswith('== ')]
    out = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(lines)
        out.append((s, e, [n.strip() for n in lines[s][3:].split('|')]))
    return lines, out


def example_steps(lines, start, end):
    """[(first line, last line of output + 1, input text)] for the example of one entry."""
    i = start
    while i < end and not lines[i].startswith('Example'):
        i += 1
    steps = []
    i += 1
    while i < end:
        if lines[i].startswith('>>> ') or lines[i] == '>>>':
            first = i
            src = [lines[i][4:]]
            i += 1
            while i < end and (lines[i].startswith('... ') or lines[i] == '...'):
                src.append(lines[i][4:])
                i += 1
            out_start = i
            while i < end and not (lines[i].startswith('>>> ') or lines[i] == '>>>'):
                i += 1
            out_end = i
            steps.append((first, out_start, out_end, '\n'.join(src)))
        else:
            i += 1
    return steps


def run_example(steps):
    import torch
    torch.manual_seed(0)
    ns = {'__name__': '__main__'}
    exec(PREAMBLE, ns)
    outputs = []
    for _, _, _, src in steps:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                code = compile(src + '\n', '<help>', 'single')
                exec(code, ns)
            except Exception as e:
                print(f'{type(e).__name__}: {e}')
        outputs.append(ADDRESS.sub('0x…', buf.getvalue()))
    return outputs


def run_in_nnrepl(binary, steps):
    """Each step's output from nnrepl, fed the preamble, %seed 0 and the steps with --echo."""
    sources = [src.rstrip('\n').split('\n') for *_, src in steps]
    for lines_ in sources:
        while len(lines_) > 1 and not lines_[-1].strip():
            lines_.pop()
    text = PREAMBLE + ''.join('\n'.join(l) + ('\n\n' if len(l) > 1 or l[0].rstrip().endswith(':') else '\n') for l in sources)
    env = {**os.environ, 'NO_COLOR': '1', 'LANG': 'C.UTF-8', 'NNREPL_HISTORY': '/dev/null'}
    r = subprocess.run([binary, '--echo'], input=text, capture_output=True, text=True, env=env)
    if r.stderr:
        print(r.stderr, file=sys.stderr)
    out = r.stdout.split('\n')
    echoes = [['>>> ' + l if k == 0 else '... ' + l for k, l in enumerate(src_lines)] for src_lines in sources]
    # Skip the preamble's echoes, then cut the output at each step's echo.
    pos = 0
    marker = '>>> ' + PREAMBLE.strip().split('\n')[-1]
    while pos < len(out) and out[pos] != marker:
        pos += 1
    pos += 1
    outputs = []
    for k, echo in enumerate(echoes):
        assert out[pos:pos + len(echo)] == echo, (out[pos:pos + len(echo)], echo)
        pos += len(echo)
        if len(echo) > 1 or sources[k][0].rstrip().endswith(':'):
            pos += 1                                     # the '...' that ends a block
        nxt = echoes[k + 1][0] if k + 1 < len(echoes) else None
        start = pos
        while pos < len(out) and (nxt is None or out[pos] != nxt):
            pos += 1
        body = out[start:pos]
        while body and body[-1] == '':
            body.pop()
        outputs.append(ADDRESS.sub('0x…', '\n'.join(body) + '\n') if body else '')
    return outputs


def main():
    if os.environ.get('ATEN_CPU_CAPABILITY') != 'avx2':
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **ENV})
    import torch
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser()
    ap.add_argument('--write', action='store_true', help="replace the examples' outputs with PyTorch's")
    ap.add_argument('--nnrepl', metavar='BIN', help="with --write: fill the outputs of examples that use magics "
                    "(not Python) from this nnrepl binary; check them by eye, the Swift test then keeps them")
    args = ap.parse_args()
    differences = skipped = checked = 0
    for path in sorted(TEXTS.glob('*.txt')):
        text = path.read_text(encoding='utf-8')
        lines, found = entries(text)
        replacements = []
        for start, end, names in found:
            steps = example_steps(lines, start, end)
            if not steps:
                continue
            if any(src.lstrip().startswith('%') or src.rstrip().endswith('?') for *_, src in steps):
                skipped += 1
                if args.write and args.nnrepl:
                    for (first, out_start, out_end, src), out in zip(steps, run_in_nnrepl(args.nnrepl, steps)):
                        expected = lines[out_start:out_end]
                        while expected and expected[-1] == '' and out_end == end:
                            expected = expected[:-1]
                        got = out.split('\n')[:-1] if out else []
                        if expected != got:
                            differences += 1
                            replacements.append((out_start, out_start + len(expected), got))
                continue
            checked += 1
            outputs = run_example(steps)
            for (first, out_start, out_end, src), out in zip(steps, outputs):
                expected = lines[out_start:out_end]
                while expected and expected[-1] == '' and (out_end == end):
                    expected = expected[:-1]
                got = out.split('\n')[:-1] if out else []
                if ADDRESS.sub('0x…', '\n'.join(expected)) != '\n'.join(got):
                    differences += 1
                    if not args.write:
                        print(f'{path.name}:{first + 1}: {names[0]}: >>> {src.splitlines()[0]}')
                        print('  expected: ' + '\n            '.join(expected))
                        print('  PyTorch:  ' + '\n            '.join(got))
                    replacements.append((out_start, out_start + len(expected), got))
        if args.write and replacements:
            for s, e, new in sorted(replacements, reverse=True):
                lines[s:e] = new
            path.write_text('\n'.join(lines), encoding='utf-8')
    print(f'{checked} examples run, {skipped} skipped (magics), {differences} output{"" if differences == 1 else "s"} '
          + ('rewritten' if args.write else 'differ'))
    sys.exit(1 if differences and not args.write else 0)


if __name__ == '__main__':
    main()
