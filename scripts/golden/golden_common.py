"""Shared helpers of the fixture generators ops.py and nn.py (not a script of its own).

Needs Python 3.11 with PyTorch 2.15:
    python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch safetensors

Importing this module pins PyTorch to the kernels nnrepl reproduces (ATEN_CPU_CAPABILITY=avx2
unless already set, see docs/pytorch-rng.md §11) and to one thread, so that regenerating gives
identical files. It must be imported before torch.
"""

import json
import math
import os
import struct
import sys
import warnings

os.environ.setdefault('ATEN_CPU_CAPABILITY', 'avx2')
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')

import torch                                    # noqa: E402
import torch.nn as nn                           # noqa: E402
import torch.nn.functional as F                 # noqa: E402
import torch.optim as optim                     # noqa: E402

torch.set_num_threads(1)

MAX_LISTED = 64          # tensors with more elements list 64 evenly spread ones + fnv1a64
BACKWARD_SEED = 1        # the test runs torch.manual_seed(1); g = torch.randn(out.shape)
POISON_SEED = 987654321  # the generator reseeds with this before each case (see check_seeded)

DTYPES = {torch.float32: 'float32', torch.int64: 'int64', torch.bool: 'bool', torch.float64: 'float64',
          torch.float16: 'float16', torch.bfloat16: 'bfloat16', torch.int32: 'int32', torch.int16: 'int16',
          torch.int8: 'int8', torch.uint8: 'uint8'}
# Floating dtypes are recorded as bit patterns of their own width (hex digits per element).
FLOAT_BITS = {torch.float32: (torch.int32, 8), torch.float64: (torch.int64, 16),
              torch.float16: (torch.int16, 4), torch.bfloat16: (torch.int16, 4)}


def produced_by():
    return (f'PyTorch {torch.__version__.split("+")[0]} (CPU, kernels '
            f'{torch.backends.cpu.get_cpu_capability().lower()}, 1 thread), '
            f'Python {sys.version.split()[0]}')


def f32_bits(v):
    return format(struct.unpack('<I', struct.pack('<f', v))[0], '08x')


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return format(h, '016x')


def tensor_bytes(t):
    """The elements' little-endian bytes, row-major (a bool is one byte 0/1)."""
    t = t.detach().contiguous().reshape(-1)
    if t.dtype not in DTYPES:
        raise TypeError(f'unsupported dtype {t.dtype}')
    return bytes(t.view(torch.uint8).tolist())


def float_bits(flat):
    """Hex bit patterns of a 1-D floating tensor's elements, as wide as the dtype."""
    as_int, digits = FLOAT_BITS[flat.dtype]
    mask = (1 << (4 * digits)) - 1
    return [format(v & mask, f'0{digits}x') for v in flat.view(as_int).tolist()]


def spread_indices(n, k=MAX_LISTED):
    """k distinct, evenly spread flat indices of 0..n-1, including the first and last."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def record(t, with_stride=False):
    """A tensor as JSON: dtype, shape, the listed elements (all when numel <= 64)."""
    t = t.detach()
    if t.dtype not in DTYPES:
        raise TypeError(f'unsupported dtype {t.dtype}')
    out = {'dtype': DTYPES[t.dtype], 'shape': list(t.shape)}
    if with_stride:
        out['stride'] = list(t.stride())
    flat = t.contiguous().reshape(-1)
    n = flat.numel()
    idx = spread_indices(n)
    vals = flat.tolist()
    if len(idx) < n:
        out['indices'] = idx
        vals = [vals[i] for i in idx]
    if t.dtype in FLOAT_BITS:
        bits = float_bits(flat)
        out['bits'] = [bits[i] for i in idx]
    elif t.dtype == torch.bool:
        out['bools'] = vals
    else:
        out['ints'] = vals
    if len(idx) < n:
        out['fnv1a64'] = fnv1a64(tensor_bytes(t))
    return out


def new_namespace():
    """What the Swift test pre-binds before running a case's setup."""
    return {'torch': torch, 'nn': nn, 'F': F, 'optim': optim, 'math': math}


def grad_fn_name(t):
    return type(t.grad_fn).__name__ if isinstance(t, torch.Tensor) and t.grad_fn else None


def param_expr(var, dotted):
    """'m', '0.weight' -> 'm[0].weight'; 'net', 'fc1.bias' -> 'net.fc1.bias'."""
    out = var
    for part in dotted.split('.'):
        out += f'[{part}]' if part.isdigit() else f'.{part}'
    return out


def leaf_names(ns, before):
    """Expressions of the leaves that require grad: tensors bound in setup, then the
    parameters of modules bound in setup."""
    names = [k for k, v in ns.items() if k not in before and isinstance(v, torch.Tensor)
             and v.requires_grad and v.is_leaf]
    for k, v in ns.items():
        if k not in before and isinstance(v, nn.Module):
            names += [param_expr(k, n) for n, p in v.named_parameters() if p.requires_grad]
    return names


def value_record(v, with_stride=False):
    """('result', rec) | ('results', [rec...]) | ('repr', text)."""
    if isinstance(v, torch.Tensor):
        return 'result', record(v, with_stride)
    if isinstance(v, (tuple, list)) and v and all(isinstance(x, torch.Tensor) for x in v):
        return 'results', [record(x, with_stride) for x in v]
    return 'repr', repr(v)


class CaseError(Exception):
    pass


def run_case(spec):
    """Run one case definition with real PyTorch and return its JSON object.

    spec keys: name, setup, then one of
      expr      evaluate; record the value (tensor, tensors, or repr of anything else)
      stmt      execute (error cases only)
      steps     call step() that many times: trajectory of its return values, then `final`
    and optionally: tolerance, grads_of (expressions), backward (default: when the value has
    a grad_fn), stride (record strides), repr (record repr(value) only), final (expressions
    recorded at the end), expect_error ((type, message or None)), note."""
    name = spec['name']
    setup = spec.get('setup', '')
    ns = new_namespace()
    before = set(ns)
    torch.manual_seed(POISON_SEED)
    out = {'name': name, 'setup': setup}
    expr = spec.get('expr')
    stmt = spec.get('stmt')
    if 'steps' in spec:
        out['steps'] = spec['steps']
    elif expr is not None:
        out['expr'] = expr
    else:
        out['stmt'] = stmt
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        exec(setup, ns)
    if 'steps' in spec:
        traj = []
        for _ in range(spec['steps']):
            loss = eval('step()', ns)
            traj.append(f32_bits(float(loss.detach().reshape(()).item())))
        out['trajectory'] = traj
        out['final'] = {e: record(eval(e, ns)) for e in spec.get('final', [])}
        out['tolerance'] = spec.get('tolerance', 'close')
        if spec.get('final_tolerance'):
            out['final_tolerance'] = spec['final_tolerance']
        if spec.get('note'):
            out['note'] = spec['note']
        return out
    caught = []
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            if expr is not None:
                value = eval(expr, ns)
            else:
                exec(stmt, ns)
                value = None
            caught = [f'{x.category.__name__}: {x.message}' for x in w]
    except Exception as e:                                     # noqa: BLE001
        if 'expect_error' not in spec:
            raise CaseError(f'{name}: unexpected {type(e).__name__}: {e}') from e
        out['error'] = {'type': type(e).__name__, 'message': str(e)}
        want = spec['expect_error']
        if want:
            wtype, wmsg = want
            if wtype != type(e).__name__ or (wmsg is not None and str(e) != wmsg):
                print(f'note: {name}: expected {wtype}: {wmsg!r}\n      got {type(e).__name__}: '
                      f'{str(e)!r}', file=sys.stderr)
        return out
    if 'expect_error' in spec:
        raise CaseError(f'{name}: expected an error, got {value!r}')
    if caught:
        out['warnings'] = caught
    if spec.get('repr'):
        out['repr'] = repr(value)
        if spec.get('note'):
            out['note'] = spec['note']
        return out
    kind, rec = value_record(value, spec.get('stride', False))
    out[kind] = rec
    if kind == 'result':
        out['grad_fn'] = grad_fn_name(value)
    backward = spec.get('backward')
    if backward is None:
        backward = kind == 'result' and value.requires_grad and value.grad_fn is not None
    if backward:
        grads_of = spec.get('grads_of') or leaf_names(ns, before)
        torch.manual_seed(BACKWARD_SEED)
        g = torch.randn(value.shape)
        value.backward(g)
        out['backward'] = True
        out['grads_of'] = grads_of
        grads = {}
        for k in grads_of:
            gr = eval(k, ns).grad
            grads[k] = record(gr) if gr is not None else None
        out['grads'] = grads
    else:
        out['backward'] = False
    if kind != 'repr':
        out['tolerance'] = spec.get('tolerance', 'exact')
    if spec.get('note'):
        out['note'] = spec['note']
    return out


def check_seeded(spec, result):
    """Rerun with another RNG state before setup: a case must not depend on it."""
    alt = dict(spec)
    global POISON_SEED
    saved = POISON_SEED
    POISON_SEED = 12345
    try:
        again = run_case(alt)
    finally:
        POISON_SEED = saved
    strip = lambda c: {k: v for k, v in c.items() if k != 'warnings'}    # noqa: E731
    if strip(again) != strip(result):
        raise CaseError(f'{spec["name"]}: result depends on the RNG state before setup '
                        '(seed it in setup)')


def dump(path, header, cases):
    """One case per line: small diffs, still valid JSON."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    parts = [json.dumps(c, separators=(',', ':'), ensure_ascii=False) for c in cases]
    head = json.dumps(header, ensure_ascii=False)[:-1]
    text = head + ', "cases": [\n' + ',\n'.join(parts) + '\n]}\n'
    json.loads(text)
    return text


def write_or_check(path, text, check):
    old = None
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            old = f.read()
    if check:
        same = old == text
        print(f'{"unchanged" if same else "DIFFERS"}: {path}')
        return same
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return True
