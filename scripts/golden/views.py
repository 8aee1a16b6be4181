#!/usr/bin/env python3
"""The numbers inside nnrepl's teaching views, checked against real PyTorch.

    ~/torchenv/bin/python scripts/golden/views.py          # exit 1 when a number differs

The view transcripts (Tests/Transcripts/views/{grads,show,plot,explain,trace}_*.nnrepl) are
hand-maintained (`# golden: manual`): their layout is nnrepl's own. The numbers in them are
not: this script runs each transcript's Python statements under PyTorch and, at every magic,
computes with PyTorch the numbers the view must show — %grads's mean/max |g| and ‖g‖/‖w‖,
%show's values and statistics, %plot's first/last/min/max, %explain's inputs, weights,
products, sums and final value, %trace's per-step min/mean/max/zeros — formatted as the view
formats them, and checks that they appear in the committed .stdout in that order. Magics
whose expression fails (error cases in the transcripts) are skipped.
"""

import ast
import contextlib
import io
import math
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VIEWS = ROOT / 'Tests' / 'Transcripts' / 'views'
FILES = ['grads_lenet', 'show_lenet', 'plot_losses', 'explain_lenet', 'trace_lenet']
ENV = {'ATEN_CPU_CAPABILITY': 'avx2', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'PYTHONHASHSEED': '0'}


# -- formats, as the Swift views write them -----------------------------------------------

def sci(v):                       # GradsView: %.2e
    return '%.2e' % v


def legend(v):                    # legendNumber: 4 decimals, or %.3e for tiny/huge
    if v != v:
        return 'nan'
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        return '%.3e' % v
    return '%.4f' % v


def fmt(v):                       # ExplainText.fmt
    if v == 0:
        return '0.0000'
    if abs(v) >= 1e5:
        return '%.3e' % v
    return '%.4f' % v


def trace_num(v):                 # TracePrinter.num
    if abs(v) >= 1e4 or (v != 0 and abs(v) < 1e-3):
        return '%.2e' % v
    return '%.4f' % v


def pct(share):
    return '%.1f%%' % (share * 100)


def stats_tokens(t):
    import torch
    v = t.detach().double().flatten()
    n = v.numel()
    std = v.std().item() if n > 1 else 0.0
    zeros = (t.detach().flatten() == 0).double().mean().item()
    return ['min ' + legend(v.min().item()), 'max ' + legend(v.max().item()), 'mean ' + legend(v.mean().item()),
            'std ' + legend(std), 'zeros ' + pct(zeros)]


# -- per magic ---------------------------------------------------------------------------------

def grads_tokens(arg, ns):
    words = arg.split()
    lr = float(words[words.index('--lr') + 1]) if '--lr' in words else None
    net = eval(words[0], ns)
    out = []
    for name, p in net.named_parameters():
        if p.grad is None:
            out.append(name)
            continue
        g, w = p.grad.double(), p.detach().double()
        ratio = (g.norm() / w.norm()).item()
        out += [name, sci(g.abs().mean().item()), sci(g.abs().max().item()), sci(ratio)]
        if lr is not None:
            out.append(sci(ratio * lr))
    return out


def show_tokens(arg, ns):
    import torch
    expr = re.split(r'\s--', arg)[0].strip()
    value = eval(expr, ns)
    if isinstance(value, str):
        return []                 # the safetensors header table: sizes, not computed numbers
    if isinstance(value, dict):
        out = []
        for k, t in value.items():
            v = t.detach().double()
            out += [k, legend(v.min().item()), legend(v.mean().item()), legend(v.max().item())]
        return out
    if isinstance(value, torch.nn.Module):
        out = show_tokens_tensor(value.weight, arg, expr + '.weight')
        if value.bias is not None:
            out += ['%.4f' % x for x in value.bias.detach().tolist()]
        return out
    return show_tokens_tensor(value, arg, expr)


def show_tokens_tensor(t, arg, title):
    shape = list(t.shape) or [1, 1]
    if len(shape) == 1:
        n = shape[0]
        per_row = n if n <= 8 else (8 if n <= 64 else 32)
        shape = [(n + per_row - 1) // per_row, per_row]
        small = per_row <= 8
    else:
        small = shape[-2] <= 7 and shape[-1] <= 7
    panels = math.prod(shape[:-2])
    numbers = ('--numbers' in arg or (small and panels <= 24)) and '--cells' not in arg and '--pixels' not in arg
    out = []
    if numbers:
        # Panels flow side by side, so the numbers are compared as a sorted list (Block).
        out.append(Block(sorted('%.4f' % x for x in t.detach().flatten().tolist()), title + '  ['))
    return out + stats_tokens(t)


class Block(list):
    """Numbers that must all appear, in any order, between the view's title and its statistics line."""
    def __init__(self, items, title):
        super().__init__(items)
        self.title = title


def plot_tokens(arg, ns):
    import torch
    expr = re.split(r'\s--', arg)[0].strip()
    value = eval(expr, ns)
    series = []
    if isinstance(value, tuple):
        series = [list(map(float, s)) for s in value]
    elif isinstance(value, torch.Tensor) and value.dim() == 2:
        series = [r.tolist() for r in value]
    elif isinstance(value, torch.Tensor):
        series = [value.tolist()]
    else:
        series = [[float(x) for x in value]]
    out = []
    for s in series:
        finite = [(i, x) for i, x in enumerate(s) if x == x and abs(x) != math.inf]
        mn = min(finite, key=lambda p: p[1])
        mx = max(finite, key=lambda p: p[1])
        out += ['%d value' % len(s), 'first ' + legend(finite[0][1]), 'last ' + legend(finite[-1][1]),
                'min %s at [%d]' % (legend(mn[1]), mn[0]), 'max %s at [%d]' % (legend(mx[1]), mx[0])]
    return out


class Recorder:
    """Every torch function called while an expression runs, with its inputs and output."""
    def __init__(self):
        self.calls = []

    def __enter__(self):
        import torch
        from torch.overrides import TorchFunctionMode
        rec = self

        class Mode(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                out = func(*args, **(kwargs or {}))
                rec.calls.append((func, args, kwargs or {}, out))
                return out
        self.mode = Mode()
        self.mode.__enter__()
        return self

    def __exit__(self, *a):
        self.mode.__exit__(*a)


def explain_tokens(arg, ns):
    import torch
    import torch.nn.functional as F
    m = re.match(r'^(.*)\[([^\[\]]*)\]$', arg.strip())
    base, index = (m.group(1), m.group(2)) if m else (arg.strip(), None)
    if index is not None and ':' in index:
        raise ValueError('slice')
    with Recorder() as rec:
        value = eval(base, ns)
    idx = tuple(eval('(' + index + ',)', ns)) if index else ()
    if not isinstance(value, torch.Tensor) or len(idx) != value.dim():
        raise ValueError('not explainable here')
    target = value[idx].item()
    out = [fmt(target)]
    # the op: the last recorded call producing the same number, else what grad_fn saved
    op = None
    for func, args, kwargs, res in reversed(rec.calls):
        if isinstance(res, torch.Tensor) and res.shape == value.shape and res[idx].item() == target:
            name = getattr(func, '__name__', '')
            if name in ('conv2d', 'linear', 'max_pool2d', '_max_pool2d', 'avg_pool2d', 'relu', 'sigmoid', 'tanh', 'cross_entropy', 'mse_loss'):
                op = (name, args, kwargs)
                break
    gf = value.grad_fn
    if op is None and gf is not None:
        n = type(gf).__name__
        try:
            if n == 'ConvolutionBackward0':
                w = gf._saved_weight
                bias = gf.next_functions[2][0].variable if gf.next_functions[2][0] is not None else None
                op = ('conv2d', (gf._saved_input, w, bias), {'stride': gf._saved_stride, 'padding': gf._saved_padding, 'dilation': gf._saved_dilation, 'groups': gf._saved_groups})
            elif n == 'AddmmBackward0':
                op = ('linear', (gf._saved_mat1, gf._saved_mat2.t(), gf.next_functions[0][0].variable), {})
            elif n == 'MseLossBackward0':
                op = ('mse_loss', (gf._saved_self, gf._saved_target), {})
            elif n in ('ReluBackward0', 'SigmoidBackward0', 'TanhBackward0'):
                below = gf.next_functions[0][0]
                x = conv_value(below._saved_input, below._saved_weight, below.next_functions[2][0].variable, below._saved_stride, below._saved_padding, below._saved_dilation, idx)
                out += [fmt(x)]
                return out + ['shows ' + repr(value[idx])]
        except RuntimeError:
            op = None     # freed by backward(): nnrepl runs the statement again; so do we
    if op is None and base in ns.get('__assigned__', {}):
        with Recorder() as rec, torch.no_grad():
            eval(ns['__assigned__'][base], ns)
        for func, args, kwargs, res in reversed(rec.calls):
            if isinstance(res, torch.Tensor) and res.shape == value.shape and res[idx].item() == target and func.__name__ == 'linear':
                op = ('linear', args, kwargs)
                break
    if op is None:
        raise ValueError('no op')
    name, args, kwargs = op
    def arg(i, key, default):
        return args[i] if len(args) > i else kwargs.get(key, default)
    if name == 'conv2d':
        x, w = args[0], args[1]
        b = arg(2, 'bias', None)
        st, pd, dl = arg(3, 'stride', 1), arg(4, 'padding', 0), arg(5, 'dilation', 1)
        st, pd, dl = pair(st), pair(pd), pair(dl)
        n_, co, oy, ox = idx
        y0, x0 = oy * st[0] - pd[0], ox * st[1] - pd[1]
        total = 0.0
        products_fit = 3 + w.shape[3] * 16 + 2 + w.shape[3] * 8 <= 80
        def xat(iy, ix):
            return x[n_, ci, iy, ix].item() if 0 <= iy < x.shape[2] and 0 <= ix < x.shape[3] else None
        for ci in range(w.shape[1]):
            s = 0.0
            for i in range(w.shape[2]):
                row = []
                for j in range(w.shape[3]):
                    xv, wv = xat(y0 + i * dl[0], x0 + j * dl[1]), w[co, ci, i, j].item()
                    out += [('·' if xv is None else fmt(xv)) + '×', fmt(wv)]
                    row.append((xv or 0.0) * wv)
                if products_fit:
                    out += [fmt(p) for p in row]
                s += sum(row)
            total += s
            if w.shape[1] > 1:
                out.append(fmt(s))
        out.append(fmt(total))
        if b is not None:
            out.append(fmt(b[co].item()))
    elif name == 'linear':
        x, w = args[0], args[1]
        b = args[2] if len(args) > 2 else kwargs.get('bias')
        j = idx[-1]
        row = idx[:-1]
        terms = [(k, x[row + (k,)].item(), w[j, k].item()) for k in range(w.shape[1])]
        prods = [(k, a, c, a * c) for k, a, c in terms]
        shown = prods if len(prods) <= 12 else sorted(sorted(prods, key=lambda t: (-abs(t[3]), t[0]))[:8])
        for k, a, c, p in shown:
            out += [str(k), fmt(a), fmt(c), fmt(p)]
        total = sum(p for *_, p in prods)
        out.append(fmt(total))
        if b is not None:
            out.append(fmt(b[j].item()))
    elif name in ('max_pool2d', '_max_pool2d', 'avg_pool2d'):
        x = args[0]
        k = pair(arg(1, 'kernel_size', None))
        st = pair(arg(2, 'stride', None) or k)
        pd = pair(arg(3, 'padding', 0))
        n_, c, oy, ox = idx
        vals = []
        for i in range(k[0]):
            for j in range(k[1]):
                iy, ix = oy * st[0] - pd[0] + i, ox * st[1] - pd[1] + j
                if 0 <= iy < x.shape[2] and 0 <= ix < x.shape[3]:
                    vals.append(x[n_, c, iy, ix].item())
                    out.append(fmt(vals[-1]))
        out.append(fmt(max(vals)) if 'max' in name else fmt(sum(vals)))
    elif name in ('relu', 'sigmoid', 'tanh'):
        out.append(fmt(args[0][idx].item()))
    elif name == 'mse_loss':
        x, t = args[0].detach().flatten(), args[1].detach().expand_as(args[0]).flatten()
        for a, c in zip(x.tolist(), t.tolist()):
            out += [fmt(a), fmt(c), fmt(a - c), fmt((a - c) ** 2)]
        out.append(fmt(sum((a - c) ** 2 for a, c in zip(x.tolist(), t.tolist()))))
    elif name == 'cross_entropy':
        x, t = args[0], args[1]
        rows = [idx[0]] if idx else range(x.shape[0])
        for r in rows:
            lse = torch.logsumexp(x[r].double(), 0).item()
            out += [fmt(lse), fmt(lse - x[r, t[r]].item())]
    return out + ['shows ' + repr(value[idx] if index is not None else value)]


def conv_value(x, w, b, st, pd, dl, idx):
    n_, co, oy, ox = idx
    s = b[co].item() if b is not None else 0.0
    for ci in range(w.shape[1]):
        for i in range(w.shape[2]):
            for j in range(w.shape[3]):
                iy, ix = oy * st[0] - pd[0] + i * dl[0], ox * st[1] - pd[1] + j * dl[1]
                if 0 <= iy < x.shape[2] and 0 <= ix < x.shape[3]:
                    s += x[n_, ci, iy, ix].item() * w[co, ci, i, j].item()
    return s


def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def trace_tokens(arg, ns):
    import torch
    m = re.match(r'^(\w+)\((.*)\)$', arg.strip())
    if not m:
        raise ValueError('usage')
    net = ns[m.group(1)]
    if not isinstance(net, torch.nn.Module):
        raise ValueError('not a module')
    x = eval(m.group(2), ns)
    modes = [(mod, mod.training) for mod in net.modules()]
    net.eval()
    try:
        with Recorder() as rec, torch.no_grad():
            try:
                net(x)
            except RuntimeError:
                pass
    finally:
        for mod, t in modes:
            mod.train(t)
    out = []
    for func, args, kwargs, res in rec.calls:
        if isinstance(res, torch.Tensor) and getattr(func, '__name__', '') not in ('size', '__get__'):
            v = res.double().flatten()
            out += [trace_num(v.min().item()), trace_num(v.mean().item()), trace_num(v.max().item()),
                    pct((res.flatten() == 0).double().mean().item())]
    return out


TOKENS = {'grads': grads_tokens, 'show': show_tokens, 'plot': plot_tokens, 'explain': explain_tokens, 'trace': trace_tokens}


# -- running a transcript ---------------------------------------------------------------------------

def run(name):
    import torch
    src = (VIEWS / (name + '.nnrepl')).read_text(encoding='utf-8')
    stdout = (VIEWS / (name + '.stdout')).read_text(encoding='utf-8')
    lines = src.split('\n')
    ns = {'__name__': '__main__', '__assigned__': {}}
    chunk = []
    cursor = 0
    problems = 0
    checked = 0

    def flush():
        text = '\n'.join(chunk)
        chunk.clear()
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return
        for node in tree.body:
            code = compile(ast.Module([node], []), name, 'exec')
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(code, ns)
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    ns['__assigned__'][node.targets[0].id] = ast.get_source_segment(text, node.value)
            except Exception:
                pass

    stderr_path = VIEWS / (name + '.stderr')
    failed_lines = set(re.findall(r'^<stdin>:(\d+):', stderr_path.read_text(encoding='utf-8'), re.M)) if stderr_path.exists() else set()
    for lineno, line in enumerate(lines, start=1):
        m = re.match(r'^%(\w+)\s*(.*)$', line)
        if not m:
            chunk.append(line)
            continue
        flush()
        magic, arg = m.group(1), m.group(2)
        if magic == 'seed':
            torch.manual_seed(int(arg))
            continue
        if magic not in TOKENS or not arg:
            continue
        state = torch.random.get_rng_state()
        try:
            tokens = TOKENS[magic](arg, ns)
        except Exception:
            continue                  # an error case: nnrepl reports it, nothing to check
        finally:
            torch.random.set_rng_state(state)
        if str(lineno) in failed_lines:
            continue                  # the magic failed on purpose (its error is in .stderr)
        for tok in tokens:
            if isinstance(tok, Block):
                start = stdout.find(tok.title, cursor)
                start = stdout.find('\n', start)
                end = stdout.find('\nmin ', start)
                found = sorted(re.findall(r'-?\d+\.\d{4}(?![\d])', stdout[start:end]))
                checked += len(tok)
                if found != list(tok):
                    problems += 1
                    print(f'{name}: %{magic} {arg}: the numbers shown differ from PyTorch\'s')
                    break
                cursor = end
                continue
            pos = stdout.find(tok, cursor)
            checked += 1
            if pos < 0:
                problems += 1
                print(f'{name}: %{magic} {arg}: expected {tok!r} after offset {cursor} (near {stdout[cursor:cursor + 60]!r})')
                break
            cursor = pos + len(tok)
    flush()
    return checked, problems


def main():
    if os.environ.get('ATEN_CPU_CAPABILITY') != 'avx2':
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **ENV})
    import torch
    torch.set_num_threads(1)
    os.chdir(VIEWS)
    total = bad = 0
    for name in FILES:
        c, p = run(name)
        total += c
        bad += p
        print(f'{name}: {c} numbers checked, {p} problem{"" if p == 1 else "s"}')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
