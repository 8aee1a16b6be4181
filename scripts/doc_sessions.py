#!/usr/bin/env python3
"""Keeps the shell sessions in the docs true: every ```nnrepl-session block of a Markdown file is
a real `nnrepl --echo` transcript.

    scripts/doc_sessions.py docs/tutorial.md README.md              # check (exit 1 on a difference)
    scripts/doc_sessions.py --write docs/tutorial.md README.md      # re-run the inputs, rewrite the outputs
    ~/torchenv/bin/python scripts/doc_sessions.py --pytorch docs/tutorial.md README.md
                                   # confirm every block against real PyTorch (no error sessions)
    NNREPL=.build/debug/nnrepl scripts/doc_sessions.py ...          # which nnrepl (default: newest build)

A block's input is its `>>> ` and `... ` lines (prompts removed; a lone `...` ends an indented
block); everything else in it is output. Each block runs on its own, in a scratch directory,
with `nnrepl --echo`; object addresses compare equal (`0x...`). The Swift test
ShellTests/DocSessionTests does the same check in `scripts/test`.
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FENCE = '```nnrepl-session'
ADDRESS = re.compile(r'0x[0-9a-fA-F.…]+')


def binary():
    if os.environ.get('NNREPL'):
        return os.path.abspath(os.environ['NNREPL'])
    builds = [os.path.join(ROOT, '.build', b, 'nnrepl') for b in ('release', 'debug')]
    builds = [b for b in builds if os.path.exists(b)]
    return max(builds, key=os.path.getmtime)


def blocks(lines):
    """(start, end) line indices of each session block's body."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == FENCE:
            j = i + 1
            while lines[j].strip() != '```':
                j += 1
            yield i + 1, j
            i = j
        i += 1


def inputs(body):
    code = []
    for line in body:
        if line.startswith('>>> '):
            code.append(line[4:])
        elif line.startswith('... '):
            code.append(line[4:])
        elif line == '...':
            code.append('')
    return '\n'.join(code) + '\n'


def run(code):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, '<stdin>')   # errors read as at the prompt: <stdin>:LINE:COL
        with open(path, 'w', encoding='utf-8') as f:
            f.write(code)
        env = dict(os.environ, NO_COLOR='1', NNREPL_HISTORY='/dev/null', LANG='C.UTF-8')
        # Errors are part of a session as the learner sees them: stderr joins stdout in order
        # (nnrepl flushes its output before reporting an error).
        r = subprocess.run([binary(), '--echo', '--keep-going', '<stdin>'], cwd=tmp,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        return [ADDRESS.sub('0x...', l).rstrip() for l in r.stdout.rstrip('\n').split('\n')]


def pytorch_echo(code):
    """What real PyTorch prints for `code`, laid out as `nnrepl --echo` lays it out."""
    sys.path.insert(0, os.path.join(ROOT, 'scripts', 'golden'))
    import lessons                                                  # noqa: E402 (needs torch)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'session.nnrepl')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(code)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            lines, results = lessons.run(path)
        finally:
            os.chdir(cwd)
    out = []
    for (first, last, magic, node, nxt), printed in results:
        src = lines[first - 1:last]
        out.append('>>> ' + src[0])
        out += ['... ' + l if l else '...' for l in src[1:]]
        if len(src) > 1 or src[0].rstrip().endswith(':'):
            out.append('...')
        out += printed or []
    return [ADDRESS.sub('0x...', l).rstrip() for l in out]


def main():
    args = sys.argv[1:]
    write = '--write' in args
    if '--pytorch' in args:
        differences = 0
        for name in [a for a in args if a != '--pytorch']:
            path = os.path.join(ROOT, name) if not os.path.isabs(name) else name
            with open(path, encoding='utf-8') as f:
                lines = f.read().split('\n')
            for start, end in blocks(lines):
                body = [ADDRESS.sub('0x...', l).rstrip() for l in lines[start:end]]
                want = pytorch_echo(inputs(lines[start:end]))
                if body != want:
                    differences += 1
                    print(f'{name}:{start}: PyTorch prints')
                    for l in want:
                        print('    ' + l)
        print(f'sessions against PyTorch: {differences} difference(s)')
        return 1 if differences else 0
    files = [a for a in args if a != '--write']
    differences = 0
    for name in files:
        path = os.path.join(ROOT, name) if not os.path.isabs(name) else name
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
        out = list(lines)
        for start, end in reversed(list(blocks(lines))):
            body = lines[start:end]
            got = run(inputs(body))
            expected = [ADDRESS.sub('0x...', l).rstrip() for l in body]
            if got != expected:
                differences += 1
                if not write:
                    print(f'{name}:{start}: session differs')
                    for l in got:
                        print('    ' + l)
            out[start:end] = got
        if write and out != lines:
            with open(path, 'w', encoding='utf-8') as f:
                f.write('\n'.join(out))
            print(f'rewrote {name}')
    if not write:
        print(f'sessions: {differences} difference(s)')
    return 1 if differences and not write else 0


if __name__ == '__main__':
    sys.exit(main())
