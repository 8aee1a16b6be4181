#!/usr/bin/env python3
"""Convolution fixtures for nnrepl: Tests/InterpreterTests/Fixtures/conv.json.

Needs Python 3.11 with PyTorch 2.15:
    ~/torchenv/bin/python scripts/golden/conv.py            # write the fixture
    ~/torchenv/bin/python scripts/golden/conv.py --check    # compare with the committed file

The same case format as ops.json (README.md §2): each case convolves seeded random tensors and
records the output and the gradients of the input, weight and bias, bit for bit: tensors with
more than 64 elements list 64 spread elements plus an FNV-1a hash of all of them, which the
Swift test checks for `exact` cases.

Each case notes the backend PyTorch picks (`torch._C._select_conv_backend`): `Mkldnn` (oneDNN)
or `Slow2d`/`SlowDilated2d` (aten's im2col + GEMM). nnrepl follows the same rule and, on
oneDNN, gives the same bits, with one exception: for a strided convolution PyTorch's oneDNN
(3.x) computes the input gradient with a kernel (brgconv_strided) that Debian's oneDNN 2.6 lacks,
so those input gradients are separate `scaled` cases. The native cases are `exact` where
nnrepl's GEMM is PyTorch's (MKL's sgemm); with another BLAS they are `scaled` (see
`NATIVE_TOLERANCE`): the weight gradient of a 3x3 kernel over a 30x30 plane sums 900 products
with much cancellation, so float sums in another order differ by ~1e-5 of the largest value.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402
import torch                                                        # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'conv.json')

# nnrepl's GEMM is OpenBLAS until MKL's sgemm (PyTorch's) is linked in; then 'exact'.
NATIVE_TOLERANCE = 'scaled'

CASES = []


def backend(n, cin, h, w, cout, kh, kw, stride, padding, dilation, groups):
    x = torch.zeros(n, cin, h, w)
    wt = torch.zeros(cout, cin // groups, kh, kw)
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]          # noqa: E731
    b = torch._C._select_conv_backend(x, wt, None, pair(stride), pair(padding), pair(dilation),
                                      False, [0, 0], groups, None)
    return str(b).split('.')[-1]


def conv(name, n, cin, h, w, cout, k, stride=1, padding=0, dilation=1, groups=1, bias=True,
         input_grad=True, batched=True):
    kh, kw = (k, k) if isinstance(k, int) else k
    setup = 'torch.manual_seed(0)\n'
    shape = f'{n}, {cin}, {h}, {w}' if batched else f'{cin}, {h}, {w}'
    setup += f'x = torch.randn({shape}{", requires_grad=True" if input_grad else ""})\n'
    setup += f'w = torch.randn({cout}, {cin // groups}, {kh}, {kw}, requires_grad=True)\n'
    args = 'x, w'
    if bias:
        setup += f'b = torch.randn({cout}, requires_grad=True)\n'
        args += ', b'
    opts = [f'{key}={v}' for key, v, default in (('stride', stride, 1), ('padding', padding, 0),
                                                 ('dilation', dilation, 1), ('groups', groups, 1))
            if v != default]
    expr = f'F.conv2d({", ".join([args] + opts)})'
    be = backend(n if batched else 1, cin, h, w, cout, kh, kw, stride, padding, dilation, groups)
    grads = (['x'] if input_grad else []) + ['w'] + (['b'] if bias else [])
    tol = 'exact' if be == 'Mkldnn' else NATIVE_TOLERANCE
    note = f'PyTorch backend: {be}'
    if be == 'Mkldnn' and input_grad and stride != 1:
        # The input gradient alone is not bit-exact here (see the module docstring).
        conv(name, n, cin, h, w, cout, k, stride, padding, dilation, groups, bias, False, batched)
        name, grads, tol = name + '_input_grad', ['x'], 'scaled'
        note += ' (oneDNN 3.x brgconv_strided backward-data: not in oneDNN 2.6)'
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, tolerance=tol,
                      grads_of=grads, note=note))


# The course's LeNet (conv1 1->6, conv2 6->16, 3x3) at the batch sizes the benchmarks use.
for n in (1, 16, 64):
    conv(f'lenet_conv1_batch{n}', n, 1, 32, 32, 6, 3)
    conv(f'lenet_conv2_batch{n}', n, 6, 15, 15, 16, 3)
conv('lenet_conv1_batch64_no_input_grad', 64, 1, 32, 32, 6, 3, input_grad=False)
conv('lenet_conv1_batch1_no_input_grad', 1, 1, 32, 32, 6, 3, input_grad=False)
# The classic LeNet-5 (5x5 kernels: oneDNN even at batch 1).
conv('lenet5_conv1_batch1', 1, 1, 32, 32, 6, 5)
conv('lenet5_conv2_batch4', 4, 6, 14, 14, 16, 5)
# A small version of the benchmark's wide convolution.
conv('wide_3x3_pad1', 2, 64, 14, 14, 64, 3, padding=1)
conv('wide_3x3_pad1_no_bias', 2, 32, 10, 10, 48, 3, padding=1, bias=False)
# Geometry: stride, padding, dilation, groups, rectangular kernels, 1x1.
conv('stride2_pad1', 4, 3, 17, 17, 8, 3, stride=2, padding=1)
conv('stride_tuple_pad_tuple', 2, 4, 12, 9, 5, (3, 2), stride=(2, 1), padding=(1, 2))
conv('dilation2', 3, 4, 13, 13, 6, 3, dilation=2, padding=2)
conv('dilation_batch1_small', 1, 2, 9, 9, 3, 3, dilation=2)
conv('groups2', 3, 4, 10, 10, 6, 3, padding=1, groups=2)
conv('depthwise', 2, 8, 12, 12, 8, 3, padding=1, groups=8)
conv('groups_batch1', 1, 4, 8, 8, 4, 3, groups=2)
conv('rect_5x3', 2, 3, 11, 10, 4, (5, 3))
conv('kernel7_stride3', 2, 2, 20, 20, 4, 7, stride=3, padding=3)
conv('pointwise_batch2', 2, 8, 7, 9, 5, 1)
conv('pointwise_batch16', 16, 8, 6, 6, 12, 1)
conv('pointwise_strided_batch2', 2, 8, 7, 9, 5, 1, stride=2)
# Batch 1: native unless the input has more than 20,480 elements or the kernel exceeds 3x3.
conv('batch1_small', 1, 3, 16, 16, 4, 3, padding=1)
conv('batch1_large_input', 1, 16, 40, 40, 8, 3, padding=1)
conv('batch1_kernel4', 1, 3, 12, 12, 4, 4)
conv('batch1_kernel4x3', 1, 3, 12, 12, 4, (4, 3))
conv('unbatched', 1, 3, 10, 10, 4, 3, batched=False)
conv('unbatched_kernel5', 1, 2, 10, 10, 3, 5, batched=False)

# Max pooling after ReLU (windows of tied zeros: the first one gets the gradient) and with NaNs
# (a NaN takes over from any value, so the last NaN of a window wins), as LeNet pools.
POOL = 'torch.manual_seed(0)\nx = torch.randn({}, requires_grad=True)\n'
CASES.append(dict(name='max_pool_after_relu_lenet', setup=POOL.format('16, 6, 30, 30').rstrip('\n'),
                  expr='F.max_pool2d(F.relu(x), 2)', tolerance='exact', grads_of=['x'], note='ties'))
CASES.append(dict(name='max_pool_after_relu_indices', setup=POOL.format('2, 3, 9, 9').rstrip('\n'),
                  expr='F.max_pool2d(F.relu(x), 3, stride=2, padding=1, return_indices=True)', tolerance='exact',
                  note='ties, overlapping windows'))
CASES.append(dict(name='max_pool_nan_last_wins',
                  setup="x = torch.tensor([[[[float('nan'), 1., float('nan'), 2.], [5., float('nan'), 0., 1.]]]])",
                  expr='F.max_pool2d(x, 2, return_indices=True)', tolerance='exact', note='NaN'))

# float64: PyTorch's native path (dgemm) at every batch size; pooling keeps the dtype.
F64 = ('torch.manual_seed(0)\nx = torch.randn({}, dtype=torch.float64, requires_grad=True)\n'
       'w = torch.randn({}, dtype=torch.float64, requires_grad=True)\nb = torch.randn({}, dtype=torch.float64, requires_grad=True)')
CASES.append(dict(name='float64_batch4', setup=F64.format('4, 3, 9, 9', '5, 3, 3, 3', '5'), expr='F.conv2d(x, w, b, padding=1)',
                  tolerance=NATIVE_TOLERANCE, grads_of=['x', 'w', 'b'], note='PyTorch backend: Slow2d (float64)'))
CASES.append(dict(name='float64_groups_stride', setup=F64.format('2, 4, 8, 8', '6, 2, 3, 3', '6'),
                  expr='F.conv2d(x, w, b, stride=2, groups=2)', tolerance=NATIVE_TOLERANCE, grads_of=['x', 'w', 'b'],
                  note='PyTorch backend: Slow2d (float64)'))
CASES.append(dict(name='float64_pools', setup=F64.format('2, 3, 8, 8', '1', '1'),
                  expr='F.max_pool2d(x, 2) + F.avg_pool2d(x, 2) + F.adaptive_avg_pool2d(x, (4, 4))',
                  tolerance='exact', grads_of=['x'], note='float64 pooling'))
# dtype errors (they depend on the backend PyTorch would pick).
for name, setup, expr in [
        ('err_float_input_double_weight_batch4', 'x = torch.ones(4, 1, 4, 4)\nw = torch.ones(2, 1, 3, 3, dtype=torch.float64)', 'F.conv2d(x, w)'),
        ('err_float_input_double_weight_batch1', 'x = torch.ones(1, 1, 4, 4)\nw = torch.ones(2, 1, 3, 3, dtype=torch.float64)', 'F.conv2d(x, w)'),
        ('err_double_input_float_weight', 'x = torch.ones(4, 1, 4, 4, dtype=torch.float64)\nw = torch.ones(2, 1, 3, 3)', 'F.conv2d(x, w)'),
        ('err_long_input_float_bias', 'x = torch.ones(1, 1, 4, 4, dtype=torch.int64)\nw = torch.ones(2, 1, 3, 3)\nb = torch.ones(2)', 'F.conv2d(x, w, b)'),
        ('err_half_input_float_weight', 'x = torch.ones(1, 1, 4, 4, dtype=torch.float16)\nw = torch.ones(2, 1, 3, 3)', 'F.conv2d(x, w)'),
        ('err_bool_input', 'x = torch.ones(1, 1, 4, 4, dtype=torch.bool)\nw = torch.ones(2, 1, 3, 3)', 'F.conv2d(x, w)'),
        ('err_max_pool_bool', 'x = torch.ones(1, 1, 4, 4, dtype=torch.bool)', 'F.max_pool2d(x, 2)'),
        ('err_avg_pool_int', 'x = torch.ones(1, 1, 4, 4, dtype=torch.int32)', 'F.avg_pool2d(x, 2)')]:
    CASES.append(dict(name=name, setup=setup, expr=expr, expect_error=None))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed file, write nothing')
    a = ap.parse_args()
    cases = []
    for spec in CASES:
        res = G.run_case(spec)
        G.check_seeded(spec, res)
        res['note'] = spec.get('note')
        cases.append(res)
    header = {'format': 'nnrepl-ops-golden/1', 'produced_by': G.produced_by() + ', scripts/golden/conv.py'}
    text = G.dump(OUT, header, cases)
    ok = G.write_or_check(OUT, text, a.check)
    print(f'conv: {len(cases)} cases, {len(text) // 1024} KiB')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
