#!/usr/bin/env python3
"""Expected output of nnrepl's transcript tests, produced by real Python + PyTorch.

Needs Python 3.11 with PyTorch 2.15 (and safetensors, for lessons that save weights):

    python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch safetensors
    ~/torchenv/bin/python scripts/golden/transcripts.py            # (re)write expected files
    ~/torchenv/bin/python scripts/golden/transcripts.py --check    # compare only, write nothing
    ~/torchenv/bin/python scripts/golden/transcripts.py FILE.nnrepl ...   # only these

Runnable from any directory. For every `Tests/Transcripts/**/*.nnrepl` whose first line is
not `# golden: manual`, runs the file under Python emulating nnrepl (script mode or, with a
`.args` file holding `--stdin`, the interactive prompt) in a fresh interpreter process whose
cwd is the file's directory, and writes `<name>.stdout`, `<name>.stderr` (deleted when empty)
and `<name>.status` (deleted when 0). Error and warning text is written in nnrepl's format
(see README.md in this folder). Object addresses are written as `0x…` (the harness normalises
every `0x[0-9a-f]+` to `0x…` anyway), so regenerating gives byte-identical files.

Determinism: children run with the CPU capability PyTorch picks on this machine (no
ATEN_CPU_CAPABILITY: AVX512 here, what a learner sees and what nnrepl reproduces, see
docs/numerics.md), one thread (OMP_NUM_THREADS=1, MKL_NUM_THREADS=1) and PYTHONHASHSEED=0.
TQDM_DISABLE=1: tqdm bars are drawn only on a terminal in nnrepl, and a transcript's stderr is a pipe.
"""

import argparse
import ast
import builtins
import difflib
import io
import os
import re
import subprocess
import sys
import tempfile
import traceback
import types
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent                      # the package root (…/main)
TRANSCRIPTS = ROOT / 'Tests' / 'Transcripts'
# Object addresses. The harness normalises every `0x[0-9a-f]+`; here only whole tokens are
# (so `400x120` in a shape message stays readable), which the harness then treats alike.
ADDRESS = re.compile(r'(?<![0-9A-Za-z_])0x[0-9a-f]+')
SUGGESTION = re.compile(r"\. Did you mean: '[^']*'\?\n?$")
MANUAL_MARK = '# golden: manual'
INLINED = {'<listcomp>', '<dictcomp>', '<setcomp>'}
CHILD_ENV = {
    'OMP_NUM_THREADS': '1',
    'MKL_NUM_THREADS': '1',
    'PYTHONHASHSEED': '0',
    'PYTHONIOENCODING': 'utf-8',
    'PYTHONDONTWRITEBYTECODE': '1',
    'PYTHONWARNINGS': '',
    'TQDM_DISABLE': '1',
}


# ----------------------------------------------------------------------------------------
# Child side: run one transcript emulating nnrepl.
# ----------------------------------------------------------------------------------------

class Runner:
    def __init__(self, mode, path):
        self.mode = mode                                   # 'script' or 'shell'
        self.path = path
        self.name = '<stdin>' if mode == 'shell' else os.path.basename(path)
        with open(path, encoding='utf-8-sig') as f:
            self.source = f.read()
        self.lines = self.source.splitlines()
        self.seen_warnings = set()

    # -- source helpers ------------------------------------------------------------------

    def line(self, lineno):
        if lineno is not None and 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1]
        return ''

    def show_line(self, lineno, col0=None, end_col0=None):
        """The source line stripped, 4-space indent, then the caret line.

        col0 / end_col0 are 0-based character columns in the original line; end_col0 None
        means "to the end of the line"."""
        raw = self.line(lineno)
        stripped = raw.strip()
        out = '    ' + stripped + '\n'
        if col0 is None:
            return out
        lead = len(raw) - len(raw.lstrip())
        start = max(0, col0 - lead)
        end = len(stripped) if end_col0 is None else end_col0 - lead
        end = min(end, len(stripped))
        width = max(1, end - start)
        return out + '    ' + ' ' * start + '^' * width + '\n'

    def char_col(self, lineno, byte_col):
        """CPython code positions are UTF-8 byte offsets; nnrepl counts characters."""
        raw = self.line(lineno).encode('utf-8')
        return len(raw[:byte_col].decode('utf-8', errors='ignore'))

    # -- reporting -----------------------------------------------------------------------

    def report_syntax_error(self, e):
        lineno = e.lineno or 1
        offset = e.offset if e.offset and e.offset > 0 else 1
        col0 = offset - 1
        end_lineno = e.end_lineno or lineno
        end_offset = e.end_offset
        if end_lineno != lineno:
            end_col0 = None
        elif end_offset is None or end_offset <= offset:
            end_col0 = col0 + 1
        else:
            end_col0 = end_offset - 1
        msg = e.msg
        sys.stderr.write(f'{self.name}:{lineno}:{col0 + 1}: {type(e).__name__}: {msg}\n')
        sys.stderr.write(self.show_line(lineno, col0, end_col0))

    def message_of(self, e):
        """str(e), plus CPython 3.11's ". Did you mean: 'x'?" for NameError/AttributeError.

        In 3.11 the suggestion is computed only by the C-level exception printer (the
        traceback module learnt it in 3.12), so run sys.__excepthook__ into a buffer and
        take the suffix from its last line."""
        msg = str(e)
        if isinstance(e, (NameError, AttributeError)):
            buf = io.StringIO()
            saved = sys.stderr
            try:
                sys.stderr = buf
                sys.__excepthook__(type(e), e, e.__traceback__)
            except Exception:
                pass
            finally:
                sys.stderr = saved
            m = SUGGESTION.search(buf.getvalue())
            if m:
                msg += m.group(0).rstrip('\n')
        return msg

    def report_exception(self, e):
        frames = []
        for fs in traceback.extract_tb(e.__traceback__):
            if fs.filename != self.name:
                continue
            if fs.name in INLINED and frames:
                # CPython 3.12 (PEP 709) runs comprehensions inside the enclosing frame; nnrepl
                # has no frame of its own for them either: the comprehension replaces its caller.
                caller = frames.pop()
                fs.name = caller.name
            frames.append(fs)
        kind = type(e).__name__
        msg = self.message_of(e)
        head = f'{kind}: {msg}' if msg else kind
        if not frames:
            # No line to point at (a compile-time RecursionError): nnrepl names only the file.
            sys.stderr.write(f'{self.name}: {head}\n')
            return
        if len(frames) > 1:
            sys.stderr.write('Traceback (most recent call last):\n')
            # CPython's rule: after three identical frames in a row, count the rest.
            last, repeats = None, 0
            def flush():
                if repeats > 3:
                    sys.stderr.write(f'  [Previous line repeated {repeats - 3} more time{"s" if repeats - 3 > 1 else ""}]\n')
            for fs in frames[:-1]:
                key = (fs.lineno, fs.name)
                if key == last:
                    repeats += 1
                    if repeats > 3:
                        continue
                else:
                    flush()
                    last, repeats = key, 1
                sys.stderr.write(f'  File "{self.name}", line {fs.lineno}, in {fs.name}\n')
                sys.stderr.write(self.show_line(fs.lineno))
            flush()
        fs = frames[-1]
        lineno = fs.lineno
        if fs.colno is not None and fs.end_colno is not None and fs.end_lineno is not None:
            col0 = self.char_col(lineno, fs.colno)
            if fs.end_lineno != lineno:
                end_col0 = None
            else:
                end_col0 = self.char_col(lineno, fs.end_colno)
        else:
            raw = self.line(lineno)
            col0, end_col0 = len(raw) - len(raw.lstrip()), None
        sys.stderr.write(f'{self.name}:{lineno}:{col0 + 1}: {head}\n')
        sys.stderr.write(self.show_line(lineno, col0, end_col0))

    def showwarning(self, message, category, filename, lineno, file=None, line=None):
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename != self.name:
            f = f.f_back
        ln = f.f_lineno if f is not None else lineno
        key = (str(message), category, ln)
        if key in self.seen_warnings:
            return
        self.seen_warnings.add(key)
        sys.stderr.write(f'{self.name}:{ln}: {category.__name__}: {message}\n')

    # -- running -------------------------------------------------------------------------

    def setup(self):
        warnings.resetwarnings()
        warnings.simplefilter('always')
        for cat in (DeprecationWarning, PendingDeprecationWarning, ImportWarning,
                    ResourceWarning):
            warnings.filterwarnings('ignore', category=cat)
        warnings.filterwarnings('always', category=DeprecationWarning, module='__main__')
        warnings.showwarning = self.showwarning
        sys.argv = [self.name if self.mode == 'script' else '']
        # The program's globals are a real `__main__` module, as under `python FILE`: pickle
        # (torch.save of a whole model) finds the program's classes there.
        main = types.ModuleType('__main__')
        sys.modules['__main__'] = main
        ns = main.__dict__
        ns.update({'__builtins__': builtins, '__doc__': None})
        if self.mode == 'script':
            ns['__file__'] = self.name
        return ns

    def run(self):
        ns = self.setup()
        # nnrepl allows 1000 nested frames counting the program's own <module> frame, as
        # `python FILE` does; give the user code the same depth despite this runner's frames.
        depth = 0
        f = sys._getframe()
        while f is not None:
            depth += 1
            f = f.f_back
        sys.setrecursionlimit(1000 + depth + 2)   # empirically what `python FILE` allows
        try:
            if self.mode == 'script':
                try:
                    code = compile(self.source, self.name, 'exec', dont_inherit=True)
                except SyntaxError as e:
                    self.report_syntax_error(e)
                    return 1
                exec(code, ns)
            else:
                chunks, pending_error = self.split_statements()
                for start, end in chunks:
                    text = '\n' * (start - 1) + '\n'.join(self.lines[start - 1:end]) + '\n'
                    try:
                        code = compile(text, self.name, 'single', dont_inherit=True)
                    except SyntaxError as e:
                        self.report_syntax_error(e)
                        return 1
                    exec(code, ns)
                if pending_error is not None:
                    self.report_syntax_error(pending_error)
                    return 1
        except SystemExit as e:
            code = e.code
            if code is None:
                return 0
            if isinstance(code, int):
                return code
            sys.stderr.write(f'{code}\n')
            return 1
        except BaseException as e:                      # noqa: BLE001 - report like nnrepl
            self.report_exception(e)
            return 1
        finally:
            sys.stdout.flush()
        return 0

    def split_statements(self):
        """Top-level statements as (first line, last line) ranges, 1-based inclusive.

        Statements sharing a line are merged. When the input does not parse, the statements
        before the failing one are returned with the SyntaxError to report after them."""
        try:
            tree = ast.parse(self.source, self.name)
            return self.ranges(tree.body), None
        except SyntaxError as e:
            err = e
        bad = err.lineno or 1
        continuation = re.compile(r'(else|elif|except|finally)\b|[)\]}]')
        for k in range(bad - 1, -1, -1):
            nxt = self.line(k + 1)
            if k > 0 and (not nxt or nxt[0].isspace() or nxt.startswith('#')
                          or continuation.match(nxt)):
                continue
            try:
                tree = ast.parse('\n'.join(self.lines[:k]) + '\n', self.name)
            except SyntaxError:
                continue
            return self.ranges(tree.body), err
        return [], err

    @staticmethod
    def ranges(body):
        out = []
        for st in body:
            start = st.lineno
            for d in getattr(st, 'decorator_list', []):
                start = min(start, d.lineno)
            end = st.end_lineno
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
        return out


def child_main(mode, path):
    status = Runner(mode, path).run()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


# ----------------------------------------------------------------------------------------
# Parent side: find transcripts, run children, write or compare expected files.
# ----------------------------------------------------------------------------------------

def mode_of(nnrepl_path):
    """'script', 'shell', or None (not emulated) with a reason."""
    args_path = nnrepl_path.with_suffix('.args')
    if not args_path.exists():
        return 'script', None
    args = [a for a in args_path.read_text(encoding='utf-8').splitlines() if a.strip()]
    if args == ['--stdin']:
        return 'shell', None
    if args == ['{file}']:
        return 'script', None
    return None, f'.args {args!r} cannot be emulated (mark the file "{MANUAL_MARK}")'


def run_child(mode, path):
    env = dict(os.environ)
    env.pop('ATEN_CPU_CAPABILITY', None)   # PyTorch's own choice for this CPU
    env.update(CHILD_ENV)
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), '--run-one', mode,
                           path.name], cwd=str(path.parent), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    out = ADDRESS.sub('0x…', proc.stdout.decode('utf-8'))
    err = ADDRESS.sub('0x…', proc.stderr.decode('utf-8'))
    return out, err, proc.returncode


def expected_files(path, out, err, status):
    """{filename: content or None (= must not exist)}."""
    stem = path.with_suffix('')
    return {
        stem.name + '.stdout': out,
        stem.name + '.stderr': err if err else None,
        stem.name + '.status': f'{status}\n' if status != 0 else None,
    }


def collect(paths):
    if paths:
        files = [Path(p).resolve() for p in paths]
    else:
        files = sorted(TRANSCRIPTS.rglob('*.nnrepl'))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true',
                    help='regenerate into a temp dir and report differing files; write nothing')
    ap.add_argument('-v', '--verbose', action='store_true', help='show diffs with --check')
    ap.add_argument('files', nargs='*', help='only these .nnrepl files')
    ap.add_argument('--run-one', nargs=2, metavar=('MODE', 'FILE'), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.run_one:
        child_main(*a.run_one)
        return 0

    files = collect(a.files)
    n_run = n_manual = n_skipped = n_changed = 0
    differing = []
    with tempfile.TemporaryDirectory(prefix='nnrepl-golden-') as tmp:
        for path in files:
            rel = path.relative_to(TRANSCRIPTS) if TRANSCRIPTS in path.parents else path
            # Bytes, not text: a manual transcript may hold bytes that are not UTF-8 on purpose.
            first = path.read_bytes().split(b'\n', 1)[0].decode('utf-8', 'replace').strip()
            if first == MANUAL_MARK:
                n_manual += 1
                continue
            mode, why = mode_of(path)
            if mode is None:
                print(f'skip {rel}: {why}', file=sys.stderr)
                n_skipped += 1
                continue
            out, err, status = run_child(mode, path)
            n_run += 1
            for fname, content in expected_files(path, out, err, status).items():
                target = path.parent / fname
                old = target.read_text(encoding='utf-8') if target.exists() else None
                if a.check:
                    if content is not None:       # regenerated copy, for inspection
                        dest = Path(tmp, rel).parent / fname
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_text(content, encoding='utf-8')
                    if old != content:
                        differing.append(target)
                        state = ('missing' if old is None else
                                 'should not exist' if content is None else 'differs')
                        print(f'{state}: {target.relative_to(ROOT)}')
                        if a.verbose and old is not None and content is not None:
                            sys.stdout.writelines(difflib.unified_diff(
                                old.splitlines(True), content.splitlines(True),
                                'committed', 'regenerated'))
                else:
                    if content is None:
                        if target.exists():
                            target.unlink()
                            n_changed += 1
                    elif old != content:
                        target.write_text(content, encoding='utf-8')
                        n_changed += 1
            tag = f'status {status}' if status else 'ok'
            if a.verbose or not a.check:
                print(f'{rel}: {mode}, {tag}')
    if a.check:
        print(f'transcripts: {n_run} regenerated, {n_manual} manual, {n_skipped} skipped, '
              f'{len(differing)} expected file(s) differ')
        return 1 if differing else 0
    print(f'transcripts: {n_run} generated, {n_manual} manual, {n_skipped} skipped, '
          f'{n_changed} file(s) written or removed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
