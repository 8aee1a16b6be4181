#!/usr/bin/env python3
"""Bitwise fixtures: PyTorch's float32 results on random inputs of many sizes, per kernel
-> Tests/InterpreterTests/Fixtures/bitwise.json (the ops.json format, every case `exact`).

Unlike ops.py, this runs PyTorch with the CPU capability it picks by itself on this machine
(AVX512 on the AMD EPYC the project runs on): that is what a learner sees, and what nnrepl
reproduces (docs/numerics.md). Sizes cover every vector tail (1-17 elements), vector-width
boundaries (31-33, 63-65, 127-129) and the sizes where ATen splits work between threads
(32768 and beyond, at 1 and 2 threads: each case sets its thread count in its setup).
Inputs come from torch.manual_seed + torch.rand, which nnrepl reproduces bit for bit.

    ~/torchenv/bin/python scripts/golden/bitwise.py            # write the fixture
    ~/torchenv/bin/python scripts/golden/bitwise.py --check    # compare with the committed file
"""

import os
import sys

os.environ['ATEN_CPU_CAPABILITY'] = os.environ.get('NNREPL_GOLDEN_CAPABILITY', 'avx512')
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as gc                      # noqa: E402
import torch                                    # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'bitwise.json')

TAILS = list(range(1, 18))
EDGES = [31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4097]
SPLITS = [32768, 32769, 40000, 100003]


def rand(name, n, lo, hi, seed, grad=False):
    """Setup line: `name` uniform in [lo, hi) (torch.rand is exact in nnrepl)."""
    g = '.requires_grad_()' if grad else ''
    return f'torch.manual_seed({seed})\n{name} = (torch.rand({n}) * {hi - lo} + {lo}){g}'


def sized(kernel, sizes, threads=(1,)):
    for n in sizes:
        for t in threads:
            yield n, t


def cases():
    specs = []

    def add(name, setup, expr, threads=1, backward=None, grads_of=None):
        spec = {'name': name, 'setup': f'torch.set_num_threads({threads})\n' + setup, 'expr': expr, 'tolerance': 'exact'}
        if backward is not None:
            spec['backward'] = backward
        if grads_of:
            spec['grads_of'] = grads_of
        specs.append(spec)

    # elementwise math: the library ATen calls (VML, SLEEF, glibc) and its body/tail split
    unary = [('exp', 'x.exp()', -10, 10), ('log', 'x.log()', 0.01, 100), ('sqrt', 'x.sqrt()', 0, 100),
             ('tanh', 'x.tanh()', -5, 5), ('sin', 'x.sin()', -10, 10), ('cos', 'x.cos()', -10, 10),
             ('sigmoid', 'x.sigmoid()', -10, 10), ('log1p', 'x.log1p()', -0.9, 10), ('relu', 'x.relu()', -1, 1),
             ('pow2.5', 'x.pow(2.5)', 0.01, 5), ('pow3', 'x ** 3', -3, 3), ('pow-2', 'x ** -2', 0.1, 5),
             ('pow0.5', 'x ** 0.5', 0, 50), ('powt', 'x ** (x / 3)', 0.1, 4)]
    for kname, expr, lo, hi in unary:
        for n, t in sized(kname, TAILS + EDGES):
            add(f'{kname}/{n}', rand('x', n, lo, hi, n, grad=True), expr, backward=True, grads_of=['x'])
        for n in SPLITS:
            for t in (1, 2):
                add(f'{kname}/{n}/t{t}', rand('x', n, lo, hi, n), expr, threads=t, backward=False)
    # reductions: ATen's cascade sum and its thread splits
    for kname, expr in [('sum', 'x.sum()'), ('mean', 'x.mean()'), ('var', 'x.var()'), ('std', 'x.std()'), ('norm', 'x.norm()')]:
        for n in TAILS + EDGES:
            add(f'{kname}/{n}', rand('x', n, -3, 3, n, grad=True), expr, backward=kname != 'var' or n > 1, grads_of=['x'])
        for n in SPLITS + [1000003]:
            for t in (1, 2):
                add(f'{kname}/{n}/t{t}', rand('x', n, -3, 3, n), expr, threads=t, backward=False)
    shapes = [(64, 576), (257, 1031), (2, 40000), (40000, 2), (5, 7), (33, 17), (128, 10), (3, 7, 9), (8, 6, 13, 13)]
    for shp in shapes:
        n = 1
        for s in shp:
            n *= s
        for t in ((1, 2) if n > 32768 else (1,)):
            setup = rand('x', n, -3, 3, sum(shp), grad=True) + f'\nx = x.detach().reshape({list(shp)}).requires_grad_()'
            for d in range(len(shp)):
                add(f'sum{d}/{shp}/t{t}', setup, f'x.sum({d})', threads=t, backward=True, grads_of=['x'])
            add(f'mean-1/{shp}/t{t}', setup, 'x.mean(-1)', threads=t, backward=True, grads_of=['x'])
            add(f'sum01/{shp}/t{t}', setup, 'x.sum((0, 1))', threads=t, backward=True, grads_of=['x'])
            add(f'transposed-sum/{shp}/t{t}', setup, 'x.transpose(0, -1).sum(0)', threads=t, backward=False)
            for d in (0, len(shp) - 1):
                add(f'softmax{d}/{shp}/t{t}', setup, f'x.softmax({d})', threads=t, backward=True, grads_of=['x'])
                add(f'log_softmax{d}/{shp}/t{t}', setup, f'x.log_softmax({d})', threads=t, backward=True, grads_of=['x'])
    # losses
    for b, c in [(1, 10), (7, 3), (64, 10), (128, 100), (1000, 10)]:
        setup = (rand('x', b * c, -4, 4, b + c, grad=True) + f'\nx = x.detach().reshape({b}, {c}).requires_grad_()'
                 f'\ntorch.manual_seed({b * c})\ntarget = torch.randint(0, {c}, ({b},))'
                 f'\nprob = torch.rand({b}, {c})\nlabels = (torch.rand({b}, {c}) > 0.5).float()')
        add(f'cross_entropy/{b}x{c}', setup, 'F.cross_entropy(x, target)', backward=True, grads_of=['x'])
        add(f'cross_entropy_sum/{b}x{c}', setup, 'F.cross_entropy(x, target, reduction="sum")', backward=True, grads_of=['x'])
        add(f'nll/{b}x{c}', setup, 'F.nll_loss(x.log_softmax(1), target)', backward=True, grads_of=['x'])
        add(f'mse/{b}x{c}', setup, 'F.mse_loss(x, prob)', backward=True, grads_of=['x'])
        add(f'l1/{b}x{c}', setup, 'F.l1_loss(x, prob)', backward=True, grads_of=['x'])
        add(f'bce/{b}x{c}', setup, 'F.binary_cross_entropy(x.sigmoid(), labels)', backward=True, grads_of=['x'])
        add(f'bce_logits/{b}x{c}', setup, 'F.binary_cross_entropy_with_logits(x, labels)', backward=True, grads_of=['x'])
    # matrix products as ATen calls MKL
    for m, k, n in [(1, 3, 2), (64, 576, 120), (64, 120, 84), (64, 84, 10), (1, 784, 128), (7, 13, 5), (100, 1, 1), (256, 10, 1)]:
        setup = (f'torch.manual_seed({m + k + n})\nx = torch.randn({m}, {k}, requires_grad=True)\n'
                 f'w = torch.randn({n}, {k}, requires_grad=True)\nb = torch.randn({n}, requires_grad=True)')
        add(f'linear/{m}x{k}x{n}', setup, 'F.linear(x, w, b)', backward=True, grads_of=['x', 'w', 'b'])
        add(f'linear1d/{m}x{k}x{n}', setup, 'F.linear(x[0], w, b)', backward=True, grads_of=['x', 'w', 'b'])
        add(f'mm/{m}x{k}x{n}', setup, 'x @ w.t()', backward=True, grads_of=['x', 'w'])
        add(f'mm_loss/{m}x{k}x{n}', setup, '(x @ w.t()).sum()', backward=True, grads_of=['x', 'w'])
    setup = ('torch.manual_seed(5)\na = torch.randn(4, 6, requires_grad=True)\nc = torch.randn(6, 3, requires_grad=True)\n'
             'big1 = torch.randn(3, 20, 30, requires_grad=True)\nbig2 = torch.randn(3, 30, 40, requires_grad=True)')
    for name, expr in [('mv', 'a @ c[:, 0]'), ('vm', 'a[0] @ c'), ('dot', 'a[0] @ a[1]'), ('3d@2d', 'a.reshape(2, 2, 6) @ c'),
                       ('2d@3d', 'a @ big1[:, :6, :5]'), ('bmm_small', 'torch.bmm(a.reshape(2, 2, 6), c.repeat(2, 1, 1))'),
                       ('bmm', 'torch.bmm(big1, big2)'), ('at_a', 'a.t() @ a'), ('addmm', 'torch.addmm(c[0], a, c, beta=0.5, alpha=2.0)')]:
        add(f'matmul/{name}', setup, expr, backward=True)
    # batch norm
    for shp in [(64, 10), (5, 7), (128, 100), (8, 6, 5, 5), (64, 16, 13, 13), (16, 3, 7)]:
        n = 1
        for s in shp:
            n *= s
        mod = 'nn.BatchNorm1d' if len(shp) <= 3 else 'nn.BatchNorm2d'
        setup = (rand('x', n, -2, 3, n, grad=True) + f'\nx = x.detach().reshape({list(shp)}).requires_grad_()\n'
                 f'torch.manual_seed(3)\nbn = {mod}({shp[1]})\nwith torch.no_grad():\n    bn.weight.uniform_(0.5, 1.5)\n    bn.bias.uniform_(-1, 1)')
        add(f'batch_norm/{shp}', setup, 'bn(x)', backward=True, grads_of=['x', 'bn.weight', 'bn.bias'])
        add(f'batch_norm_running/{shp}', setup + '\nbn(x)\nbn(x * 2)', 'torch.cat([bn.running_mean, bn.running_var])', backward=False)
        add(f'batch_norm_eval/{shp}', setup + '\nbn(x)\nbn.eval()', 'bn(x)', backward=True, grads_of=['x', 'bn.weight', 'bn.bias'])
    # ranges
    for n in list(range(1, 40)) + [100, 1000, 33333]:
        add(f'linspace/{n}', '', f'torch.linspace(-2.5, 3.7, {n})', backward=False)
        add(f'arange/{n}', '', f'torch.arange(-1.3, -1.3 + 0.37 * {n} - 0.1, 0.37)', backward=False)
    # optimizers: parameters after 20 steps of random gradients
    opts = [('sgd', 'optim.SGD([p], lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-3)'),
            ('adam', 'optim.Adam([p], lr=0.01)'), ('adam_amsgrad', 'optim.Adam([p], lr=0.01, amsgrad=True, weight_decay=0.1)'),
            ('adamw', 'optim.AdamW([p], lr=0.01)'), ('rmsprop', 'optim.RMSprop([p], lr=0.01)'),
            ('rmsprop_centered', 'optim.RMSprop([p], lr=0.01, alpha=0.9, centered=True, momentum=0.5)')]
    for name, ctor in opts:
        for n in (7, 33, 1000):
            setup = (f'torch.manual_seed({n})\np = torch.randn({n}, requires_grad=True)\nopt = {ctor}\n'
                     f'for i in range(20):\n    p.grad = torch.randn({n}) * (0.1 + i)\n    opt.step()')
            add(f'optim_{name}/{n}', setup, 'p.detach()', backward=False)
    return specs


LISTED = 8     # big tensors list this many spread elements; the FNV-1a hash covers all of them


def trim(rec):
    """Keeps a record compact: the whole tensor is checked through its hash."""
    if isinstance(rec, dict) and 'indices' in rec:
        keep = [round(i * (len(rec['indices']) - 1) / (LISTED - 1)) for i in range(LISTED)]
        rec['indices'] = [rec['indices'][i] for i in keep]
        rec['bits'] = [rec['bits'][i] for i in keep]
    return rec


def main():
    check = '--check' in sys.argv
    results = []
    for spec in cases():
        r = gc.run_case(spec)
        if 'result' in r:
            trim(r['result'])
        for k in (r.get('grads') or {}):
            trim(r['grads'][k])
        results.append(r)
    header = {'format': 'nnrepl-ops-golden/1',
              'produced_by': gc.produced_by().replace('1 thread', 'threads as each case sets them'),
              'note': 'bitwise: every float32 element must have PyTorch\'s bits (scripts/golden/bitwise.py)'}
    text = gc.dump(OUT, header, results)
    ok = gc.write_or_check(OUT, text, check)
    print(f'{len(results)} cases', file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
