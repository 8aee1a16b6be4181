#!/usr/bin/env python3
"""The expected output of nnrepl's lessons (docs/lessons/*.nnrepl), confirmed by real PyTorch.

    ~/torchenv/bin/python scripts/golden/lessons.py            # check: every block is what PyTorch prints
    ~/torchenv/bin/python scripts/golden/lessons.py --write    # rewrite the blocks from PyTorch's output
    ~/torchenv/bin/python scripts/golden/lessons.py --write docs/lessons/03-perceptron.nnrepl

A lesson is Python plus shell magics (lines starting with `%`). This script drops the magics,
runs the rest statement by statement as nnrepl's `--check` does — shell display (an expression
statement's value is shown, inside loops too), a raised error shown as its last traceback line
`Type: message` and the lesson going on — with the working directory set to the lesson's folder,
and compares what each statement prints with the `# ` block under it (docs/lessons.md). With
--write it replaces the blocks of every Python statement that prints something by what PyTorch
printed (object addresses written `0x...`), keeping the blocks of magics, which are nnrepl's own
and checked by `nnrepl --check` alone. Files a lesson writes (torch.save) go to a temporary copy
of the folder, never the repository.
"""

import argparse
import ast
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
import warnings

os.environ.setdefault('ATEN_CPU_CAPABILITY', 'avx2')
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')
os.environ['TQDM_DISABLE'] = '1'          # bars go to a terminal's stderr only, never the lesson

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LESSONS = os.path.join(ROOT, 'docs', 'lessons')
ADDRESS = re.compile(r'(?<![0-9A-Za-z_])0x[0-9a-f]+')


def block_text(line):
    """`# text` -> text, `#` -> '', anything else None (LessonExpectations.expectedText)."""
    if line == '#':
        return ''
    if line.startswith('# '):
        return line[2:]
    return None


def statements(lines):
    """(first line, last code line, is_magic, code) of each top-level statement, 1-based."""
    py = ['' if l.startswith('%') else l for l in lines]
    tree = ast.parse('\n'.join(py))
    out = [(n.lineno, n.end_lineno, False, n) for n in tree.body]
    out += [(i + 1, i + 1, True, l) for i, l in enumerate(lines) if l.startswith('%')]
    out.sort(key=lambda s: s[0])
    result = []
    for k, (first, last, magic, node) in enumerate(out):
        nxt = out[k + 1][0] if k + 1 < len(out) else len(lines) + 1
        # A compound statement's range can end on trailing comments: step back to code.
        while last > first and (not lines[last - 1].strip() or lines[last - 1].startswith('#')):
            last -= 1
        result.append((first, last, magic, node, nxt))
    return result


def expected_block(lines, last, nxt):
    block, n = [], last + 1
    while n < nxt and n <= len(lines):
        t = block_text(lines[n - 1])
        if t is None:
            break
        block.append(t)
        n += 1
    return block, n   # n: first line after the block


def error_line(e):
    msg = str(e)
    return f'{type(e).__name__}: {msg}' if msg else type(e).__name__


def run(path):
    """Runs the lesson in PyTorch; returns its lines and, per statement, (stmt, output lines)."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    stmts = statements(lines)
    ns = {'__name__': '__main__'}
    results = []
    for first, last, magic, node, nxt in stmts:
        if magic:
            results.append(((first, last, magic, node, nxt), None))
            continue
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), warnings.catch_warnings():
            warnings.simplefilter('ignore')
            try:
                code = compile(ast.Interactive(body=[node]), os.path.basename(path), 'single')
                exec(code, ns)
            except Exception as e:                          # noqa: BLE001
                text = buf.getvalue()
                if text and not text.endswith('\n'):
                    buf.write('\n')
                buf.write(error_line(e) + '\n')
        text = ADDRESS.sub('0x...', buf.getvalue())
        out = text.split('\n')
        if text.endswith('\n'):
            out.pop()
        if not text:
            out = []
        results.append(((first, last, magic, node, nxt), [l.rstrip() for l in out]))
    return lines, results


def normalise(block):
    return [re.sub(r'0x[0-9a-fA-F.…]+', '0x…', l.rstrip()) for l in block]


def process(path, write):
    tmp = tempfile.mkdtemp(prefix='nnrepl-lesson-')
    cwd = os.getcwd()
    try:
        shutil.copy(path, tmp)
        os.chdir(tmp)
        import torch
        torch.set_num_threads(1)
        lines, results = run(os.path.join(tmp, os.path.basename(path)))
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)
    problems = []
    new_lines = []
    pos = 1
    for (first, last, magic, node, nxt), out in results:
        block, after = expected_block(lines, last, nxt)
        new_lines += lines[pos - 1:last]
        if magic or out is None:
            new_lines += lines[last:after - 1]
        else:
            if block and normalise(block) != normalise(out):
                problems.append((first, lines[first - 1], block, out))
            if not block and out and not write:
                pass   # no block: not compared (docs/lessons.md)
            if write:
                new_lines += [('# ' + l) if l else '#' for l in out]
            else:
                new_lines += lines[last:after - 1]
        pos = after
    new_lines += lines[pos - 1:]
    # Every lesson starts with torch.manual_seed(0): its first statement after the imports.
    first = next((st for st, _ in results if st[2] or not isinstance(st[3], (ast.Import, ast.ImportFrom))), None)
    if first is None or first[2] or ast.unparse(first[3]) != 'torch.manual_seed(0)':
        problems.append((first[0] if first else 1, 'the first statement after the imports', ['torch.manual_seed(0)'], []))
    if write:
        text = '\n'.join(new_lines) + '\n'
        with open(path, encoding='utf-8') as f:
            old = f.read()
        if text != old:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            print(f'rewrote {os.path.relpath(path, ROOT)}')
        return 0
    for line, stmt, expected, got in problems:
        print(f'{os.path.relpath(path, ROOT)}:{line}: {stmt}\nexpected (lesson):')
        print(''.join(f'    {l}\n' for l in expected) or '    (nothing)\n', end='')
        print('PyTorch printed:')
        print(''.join(f'    {l}\n' for l in got) or '    (nothing)\n', end='')
    return len(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--write', action='store_true', help="rewrite the blocks from PyTorch's output")
    ap.add_argument('--check', action='store_true', help='compare only (the default)')
    ap.add_argument('files', nargs='*')
    a = ap.parse_args()
    files = a.files or sorted(os.path.join(LESSONS, f) for f in os.listdir(LESSONS) if f.endswith('.nnrepl'))
    failures = 0
    if len(files) == 1:
        failures = process(os.path.abspath(files[0]), a.write)
    else:
        # One process per lesson: no state (print options, seeds, imports) leaks between them.
        import subprocess
        for f in files:
            args = [sys.executable, os.path.abspath(__file__)] + (['--write'] if a.write else []) + [f]
            r = subprocess.run(args, capture_output=True, text=True)
            out = r.stdout.replace('lessons: 1 checked against PyTorch, 0 difference(s)\n', '')
            sys.stdout.write(out.replace('lessons: 1 checked against PyTorch, ', '    (').replace(' difference(s)\n', ' difference(s))\n'))
            sys.stderr.write(r.stderr)
            failures += r.returncode != 0
    if not a.write:
        print(f'lessons: {len(files)} checked against PyTorch, {failures} difference(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
