#!/usr/bin/env python
"""Writes Tests/InterpreterTests/Fixtures/numpy/ops.json: numpy operations run by real numpy.

Usage (numpy 2.x installed, e.g. the torch venv):
    ~/torchenv/bin/python scripts/golden/numpy_ops.py          # write
    ~/torchenv/bin/python scripts/golden/numpy_ops.py --check  # compare, write nothing

Each case is Python that nnrepl runs as well: `setup` statements (inputs come from
np.random.seed + randn/randint, which nnrepl reproduces bit for bit), then `expr`. The result is
recorded exactly: arrays as dtype, shape and every element (floats as float.hex), numpy scalars as
type and value, other values as repr(), errors as type and message. `tolerance` is "exact" unless
the result goes through a transcendental function: "svml" where numpy calls Intel SVML on this
AVX-512 machine (power, arctan2, exp2, log2, log10, expm1, log1p, cbrt, tan, inverse trig and
hyperbolic functions), exact when nnrepl loads SVML too and "close" without it; "close" where
numpy's own SIMD code (exp, log, tanh, float32 sin/cos) may differ from the C library by an ulp.
numpy runs with one BLAS thread, as the transcript generator runs it (OMP_NUM_THREADS=1).
"""
import json
import os
import sys

os.environ['OMP_NUM_THREADS'] = '1'
os.environ['OPENBLAS_NUM_THREADS'] = '1'
import warnings  # noqa: E402

import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'Tests', 'InterpreterTests', 'Fixtures', 'numpy', 'ops.json')
CASES = []


def case(name, setup, expr, tolerance='exact'):
    CASES.append({'name': name, 'setup': setup, 'expr': expr, 'tolerance': tolerance})


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return format(h, '016x')


def record(v):
    if isinstance(v, np.ndarray):
        flat = v.reshape(-1)
        if v.dtype.kind == 'f':
            vals = [float(x).hex() for x in flat.tolist()]
        elif v.dtype.kind == 'b':
            vals = [bool(x) for x in flat.tolist()]
        else:
            vals = [int(x) for x in flat.tolist()]
        r = {'kind': 'array', 'dtype': v.dtype.name, 'shape': list(v.shape)}
        if len(vals) > 64:
            # 64 evenly spread elements plus FNV-1a over every element's bytes (little-endian,
            # in the array's dtype), as ops.json does for tensors.
            idx = sorted({round(i * (len(vals) - 1) / 63) for i in range(64)})
            r['indices'] = idx
            r['values'] = [vals[i] for i in idx]
            r['fnv1a64'] = fnv1a64(np.ascontiguousarray(v).tobytes())
        else:
            r['values'] = vals
        return r
    if isinstance(v, np.generic):
        x = v.item()
        val = float(x).hex() if isinstance(x, float) else x
        return {'kind': 'scalar', 'dtype': v.dtype.name, 'value': val}
    if isinstance(v, tuple) and v and all(isinstance(x, (np.ndarray, np.generic)) for x in v):
        return {'kind': 'tuple', 'items': [record(x) for x in v]}
    if isinstance(v, float):
        return {'kind': 'python', 'repr': float(v).hex(), 'type': 'float'}
    return {'kind': 'python', 'repr': repr(v), 'type': type(v).__name__}


def build():
    R = 'np.random.seed(%d); '
    # --- matrix products: every transposition and the shapes where OpenBLAS changes kernels ---
    shapes = [(1, 1, 1), (2, 3, 4), (3, 5, 2), (7, 9, 5), (8, 16, 8), (9, 17, 10), (10, 20, 13), (16, 33, 12),
              (12, 64, 11), (30, 700, 20), (64, 100, 10), (100, 64, 10), (64, 10, 100), (37, 41, 43),
              (64, 1000, 100), (20, 800, 30), (5, 1200, 7), (33, 100, 300), (6, 40, 6), (3, 100, 5), (2, 50, 3),
              (45, 200, 196), (26, 60, 500), (13, 300, 772), (40, 12, 180), (50, 1500, 20)]
    for i, (m, k, n) in enumerate(shapes):
        s = R % i
        case(f'dot_nn_{m}x{k}x{n}', s + f'a = np.random.randn({m}, {k}); b = np.random.randn({k}, {n})', 'a.dot(b)')
        case(f'dot_tn_{m}x{k}x{n}', s + f'a = np.random.randn({k}, {m}); b = np.random.randn({k}, {n})', 'a.T.dot(b)')
        case(f'dot_nt_{m}x{k}x{n}', s + f'a = np.random.randn({m}, {k}); b = np.random.randn({n}, {k})', 'a.dot(b.T)')
        case(f'dot_tt_{m}x{k}x{n}', s + f'a = np.random.randn({k}, {m}); b = np.random.randn({n}, {k})', 'a.T @ b.T')
    case('matmul_batched', R % 50 + 'a = np.random.randn(3, 4, 5); b = np.random.randn(5, 2)', 'a @ b')
    case('matmul_broadcast', R % 51 + 'a = np.random.randn(2, 1, 3, 4); b = np.random.randn(5, 4, 2)', 'np.matmul(a, b)')
    case('dot_int', 'a = np.arange(12).reshape(3, 4); b = np.arange(8).reshape(4, 2)', 'a.dot(b)')
    case('dot_float32', R % 52 + 'a = np.random.randn(4, 6).astype(np.float32); b = np.random.randn(6, 3).astype(np.float32)', 'a @ b', 'close')
    case('dot_vec_vec', R % 53 + 'a = np.random.randn(50); b = np.random.randn(50)', 'a.dot(b)')
    case('dot_mat_vec', R % 54 + 'a = np.random.randn(7, 50); b = np.random.randn(50)', 'a.dot(b)')
    case('dot_vec_mat', R % 55 + 'a = np.random.randn(50); b = np.random.randn(50, 7)', 'a.dot(b)')
    for i, n in enumerate([3, 8, 15, 33, 257, 1000]):
        s = R % (60 + i) + f'a = np.random.randn({n}) * np.random.randint(1, 10 ** 6, {n}); b = np.random.randn({n}); m = np.random.randn(13, {n}); mt = np.random.randn({n}, 13)'
        case(f'ddot_{n}', s, 'a.dot(b)')
        case(f'dgemv_{n}', s, 'm.dot(b)')
        case(f'dgemv_t_{n}', s, 'b.dot(mt)')
        case(f'matmul_vec_{n}', s, 'a @ b')
    case('dot_scalar', 'a = np.arange(4.)', 'np.dot(a, 2.5)')
    case('outer', 'a = np.arange(3.); b = np.arange(4.)', 'np.outer(a, b)')
    # --- sums in numpy's pairwise order ---
    for i, shape in enumerate([(5,), (8,), (9,), (100,), (128,), (129,), (1000,), (2000,), (8193,), (20000,),
                               (30, 40), (300, 250), (3, 4, 5), (7, 130)]):
        # A wide dynamic range without transcendental functions (so the inputs are exact in nnrepl too).
        s = R % (100 + i) + f'a = np.random.randn(*{shape}) * np.random.randint(1, 10 ** 6, {shape})'
        case(f'sum_all_{i}', s, 'a.sum()')
        if len(shape) > 1:
            case(f'sum_axis0_{i}', s, 'a.sum(axis=0)')
            case(f'sum_axis_last_{i}', s, 'a.sum(axis=-1)')
            case(f'sum_T_{i}', s, 'a.T.sum()')
            case(f'sum_strided_{i}', s, 'a[..., ::2].sum()')
            case(f'mean_axis1_{i}', s, 'a.mean(axis=1)')
        case(f'sum_reversed_{i}', s, 'a[::-1].sum()')
        case(f'mean_{i}', s, 'a.mean()')
        case(f'std_{i}', s, 'a.std()', 'close')
        case(f'var_{i}', s, 'a.var()')
        case(f'square_sum_{i}', s, 'np.square(a).sum()')
    case('sum_3d_axes', R % 120 + 'a = np.random.randn(4, 5, 6)', 'a.sum(axis=(0, 2))')
    case('sum_3d_axes12', R % 121 + 'a = np.random.randn(4, 5, 6)', 'a.sum(axis=(1, 2))')
    case('sum_keepdims', R % 122 + 'a = np.random.randn(4, 5)', 'a.sum(axis=1, keepdims=True)')
    case('sum_float32', R % 123 + 'a = np.random.randn(1000).astype(np.float32)', 'a.sum()')
    case('mean_float32', R % 124 + 'a = np.random.randn(300).astype(np.float32)', 'a.mean()')
    case('sum_int', 'a = np.arange(10, dtype=np.int32)', 'a.sum()')
    case('sum_bool', 'a = np.array([True, False, True])', 'a.sum()')
    case('mean_int', 'a = np.arange(10)', 'a.mean()')
    case('prod', 'a = np.arange(1., 8.)', 'a.prod()')
    case('cumsum', R % 125 + 'a = np.random.randn(3, 4)', 'a.cumsum(axis=1)')
    case('cumsum_flat', 'a = np.arange(6).reshape(2, 3)', 'np.cumsum(a)')
    case('max_axis', R % 126 + 'a = np.random.randn(3, 4)', 'a.max(axis=0)')
    case('min_nan', 'a = np.array([1., np.nan, -3.])', 'a.min()')
    case('argmax', R % 127 + 'a = np.random.randn(3, 4)', 'a.argmax(axis=1)')
    case('argmin_flat', R % 128 + 'a = np.random.randn(3, 4)', 'np.argmin(a)')
    case('std_ddof', R % 129 + 'a = np.random.randn(10)', 'a.std(ddof=1)', 'close')
    case('median_even', 'a = np.array([3., 1., 4., 1.5])', 'np.median(a)')
    case('all_any', 'a = np.array([[True, False], [True, True]])', '(a.all(axis=1), a.any())')
    # --- elementwise arithmetic, promotion (NEP 50) ---
    case('add_bcast', R % 200 + 'a = np.random.randn(3, 1); b = np.random.randn(4)', 'a + b')
    case('sub_scalar_left', R % 201 + 'a = np.random.randn(5)', '1.5 - a')
    case('div_int_int', 'a = np.arange(5); b = np.array([2, 2, 3, 3, 4])', 'a / b')
    case('floordiv_neg', 'a = np.array([-7, 7, -7, 7]); b = np.array([2, 2, -2, -2])', 'a // b')
    case('mod_neg', 'a = np.array([-7, 7, -7, 7]); b = np.array([2, 2, -2, -2])', 'a % b')
    case('floordiv_float', 'a = np.array([-7.5, 7.5, 0.3, -0.0]); b = np.array([2., -2., 0.1, 3.])', 'a // b')
    case('mod_float', 'a = np.array([-7.5, 7.5, 0.3, 5.]); b = np.array([2., -2., 0.1, -3.])', 'a % b')
    case('pow_int', 'a = np.arange(6)', 'a ** 3')
    case('pow_square', R % 202 + 'a = np.random.randn(6)', 'a ** 2')
    case('pow_half', 'a = np.arange(6.)', 'a ** 0.5')
    case('pow_float', R % 203 + 'a = np.random.rand(6)', 'a ** 1.7', 'svml')
    case('pow_cube', R % 204 + 'a = np.random.randn(6)', 'a ** 3', 'svml')
    # numpy's SVML loops (AVX-512): float64 the `_ha` functions, float32 the default ones, for any
    # layout and length (a strided view, a broadcast scalar, a 0-d array); numpy scalars with
    # numbers use libm instead (scalar math).
    svml_inputs = {
        'exp2': 'np.random.randn(1000) * 20', 'log2': 'np.random.rand(1000) * 100', 'log10': 'np.random.rand(1000) * 100',
        'expm1': 'np.random.randn(1000) * 3', 'log1p': 'np.random.rand(1000) * 5 - 0.9', 'cbrt': 'np.random.randn(1000) * 50',
        'tan': 'np.random.randn(1000) * 2', 'arcsin': 'np.random.rand(1000) * 2 - 1', 'arccos': 'np.random.rand(1000) * 2 - 1',
        'arctan': 'np.random.randn(1000) * 10', 'sinh': 'np.random.randn(1000) * 4', 'cosh': 'np.random.randn(1000) * 4',
        'arcsinh': 'np.random.randn(1000) * 10', 'arccosh': 'np.random.rand(1000) * 30 + 1', 'arctanh': 'np.random.rand(1000) * 1.98 - 0.99',
    }
    for i, (f, inp) in enumerate(svml_inputs.items()):
        case(f'svml_{f}', R % (300 + i) + f'a = {inp}', f'np.{f}(a)', 'svml')
        case(f'svml_{f}_f32', R % (300 + i) + f'a = ({inp}).astype(np.float32)', f'np.{f}(a)', 'svml')
    case('svml_pow', R % 320 + 'a = np.random.rand(1000) * 5; b = np.random.randn(1000) * 3', 'np.power(a, b)', 'svml')
    case('svml_pow_f32', R % 320 + 'a = (np.random.rand(1000) * 5).astype(np.float32); b = (np.random.randn(1000) * 3).astype(np.float32)', 'a ** b', 'svml')
    case('svml_pow_cube_linspace', 'a = np.linspace(-np.pi, np.pi, 2000)', 'a ** 3', 'svml')
    case('svml_pow_strided', R % 321 + 'a = np.random.randn(40, 30)', 'a[::3, 1::2] ** 3', 'svml')
    case('svml_pow_scalar_base', R % 322 + 'a = np.random.randn(100)', 'np.float64(1.7) ** a', 'svml')
    case('svml_pow_0d', '', 'np.array(1.1) ** 7', 'svml')
    case('pow_scalar_libm', '', 'np.float64(1.1) ** 7')
    case('pow_scalar_libm_f32', '', 'np.float32(1.1) ** 7')
    case('svml_arctan2', R % 323 + 'a = np.random.randn(1000); b = np.random.randn(1000)', 'np.arctan2(a, b)', 'svml')
    case('svml_arctan2_f32', R % 323 + 'a = np.random.randn(1000).astype(np.float32); b = np.random.randn(1000).astype(np.float32)', 'np.arctan2(a, b)', 'svml')
    case('promote_i32_f32', 'a = np.arange(3, dtype=np.int32); b = np.ones(3, dtype=np.float32)', 'a + b')
    case('promote_i8_f32', 'a = np.arange(3, dtype=np.int8); b = np.ones(3, dtype=np.float32)', 'a * b')
    case('promote_f32_pyfloat', 'a = np.ones(3, dtype=np.float32)', 'a * 0.1')
    case('promote_f32_f64scalar', 'a = np.ones(3, dtype=np.float32)', 'a * np.float64(0.1)')
    case('promote_i32_pyint', 'a = np.arange(3, dtype=np.int32)', 'a + 7')
    case('promote_i8_overflow', 'a = np.arange(3, dtype=np.int8)', 'a + 300')
    case('promote_bool_int', 'a = np.array([True, False])', 'a + 1')
    case('promote_u8_i8', 'a = np.array([200], dtype=np.uint8); b = np.array([-1], dtype=np.int8)', 'a + b')
    case('bool_sub', 'a = np.array([True, False])', 'a - a')
    case('scalar_math', '', 'np.float32(2) * np.float64(3)')
    case('scalar_int_div', '', 'np.int64(7) / 2')
    case('scalar_float_pyint', '', 'np.float64(1.5) + 2')
    case('maximum_nan', 'a = np.array([1., np.nan, 3.]); b = np.array([2., 2., np.nan])', 'np.maximum(a, b)')
    case('minimum_int', 'a = np.array([1, 5, 3])', 'np.minimum(a, 2)')
    case('clip', R % 205 + 'a = np.random.randn(8)', 'np.clip(a, -0.5, 0.5)')
    case('clip_int_float', 'a = np.arange(5)', 'np.clip(a, 1, 2.5)')
    case('where3', R % 206 + 'a = np.random.randn(6)', 'np.where(a > 0, a, 0.1 * a)')
    case('compare', 'a = np.arange(5)', 'a >= 2')
    case('compare_float_int', 'a = np.array([0.5, 1., 1.5])', 'a == 1')
    case('logical', 'a = np.array([True, False, True]); b = np.array([False, False, True])', 'a & b | ~a')
    case('abs_neg', 'a = np.array([-1.5, 0., 2.])', '(abs(a), -a)')
    case('round_half_even', 'a = np.array([0.5, 1.5, 2.5, -0.5, 2.675])', 'np.round(a, 2)')
    case('round0', 'a = np.array([0.5, 1.5, 2.5, -0.5, -1.5])', 'np.round(a)')
    case('floor_ceil', 'a = np.array([-1.5, 1.5, 2.])', '(np.floor(a), np.ceil(a))')
    case('sqrt', R % 207 + 'a = np.random.rand(10) * 100', 'np.sqrt(a)')
    case('sin_cos', 'a = np.linspace(-np.pi, np.pi, 50)', '(np.sin(a), np.cos(a))')
    case('exp', R % 208 + 'a = np.random.randn(50)', 'np.exp(a)', 'close')
    case('log', R % 209 + 'a = np.random.rand(50) * 10', 'np.log(a)', 'close')
    case('tanh', R % 210 + 'a = np.random.randn(50)', 'np.tanh(a)', 'close')
    case('sigmoid', R % 211 + 'a = np.random.randn(50)', '1 / (1 + np.exp(-a))', 'close')
    case('exp_f32', R % 212 + 'a = np.random.randn(20).astype(np.float32)', 'np.exp(a)', 'close')
    case('sin_f32', R % 213 + 'a = np.random.randn(20).astype(np.float32)', 'np.sin(a)', 'close')
    case('isclose', 'a = np.array([1.0, 1.0 + 1e-9, np.inf, np.nan]); b = np.array([1.0, 1.0, np.inf, np.nan])', 'np.isclose(a, b)')
    case('allclose', 'a = np.array([1.0, 2.0]); b = np.array([1.0, 2.0 + 1e-6])', 'np.allclose(a, b)')
    case('inplace_add', 'a = np.arange(4.); a += 1.5', 'a')
    case('inplace_int_float', 'a = np.arange(4)', 'np.add(a, 1.5, out=a)')
    case('out_param', 'a = np.ones(3); b = np.empty(3); np.multiply(a, 4, out=b)', 'b')
    # --- creation ---
    case('linspace', '', 'np.linspace(-np.pi, np.pi, 7)')
    case('linspace_noend', '', 'np.linspace(0, 1, 5, endpoint=False)')
    case('linspace_big', '', 'np.linspace(-3.14159, 3.14159, 2000)')
    case('arange_float', '', 'np.arange(0, 1, 0.1)')
    case('arange_neg', '', 'np.arange(5, -3, -2)')
    case('arange_f32', '', 'np.arange(0.5, 3, 0.25, dtype=np.float32)')
    case('eye_k', '', 'np.eye(3, 4, k=1)')
    case('full', '', 'np.full((2, 3), 7)')
    case('zeros_like', 'a = np.arange(6).reshape(2, 3)', 'np.zeros_like(a, dtype=np.float32)')
    case('array_nested', '', 'np.array([[1, 2], [3.5, 4]])')
    case('array_bools', '', 'np.array([True, False])')
    case('array_mixed_scalars', '', 'np.array([np.float32(1), 2])')
    case('array_dtype', '', 'np.array([1.7, -2.7], dtype=np.int64)')
    case('astype_nan_int', 'a = np.array([np.nan, 1e20, -1.5])', 'a.astype(np.int32)')
    case('astype_u8', 'a = np.array([-1., 256.5, 3.9])', 'a.astype(np.uint8)')
    # --- shapes and indexing ---
    case('reshape_neg', 'a = np.arange(12)', 'a.reshape(3, -1)')
    case('transpose_axes', 'a = np.arange(24).reshape(2, 3, 4)', 'a.transpose(2, 0, 1)')
    case('concat_axis1', 'a = np.arange(6).reshape(2, 3); b = np.arange(4).reshape(2, 2)', 'np.concatenate([a, b], axis=1)')
    case('concat_promote', 'a = np.arange(3); b = np.array([0.5])', 'np.concatenate((a, b))')
    case('stack_axis1', 'a = np.arange(3); b = np.arange(3, 6)', 'np.stack([a, b], axis=1)')
    case('vstack', 'a = np.arange(3); b = np.arange(3, 6)', 'np.vstack([a, b])')
    case('hstack', 'a = np.arange(3); b = np.arange(3, 6)', 'np.hstack([a, b])')
    case('expand_squeeze', 'a = np.arange(3)', '(np.expand_dims(a, 0).shape, np.squeeze(a[None, :, None]).shape)')
    case('fancy_index', 'a = np.arange(20).reshape(4, 5)', 'a[[0, 2], 1:4]')
    case('fancy_index_sep', 'a = np.arange(60).reshape(3, 4, 5)', 'a[[0, 2], :, [1, 3]]')
    case('fancy_index_adjacent', 'a = np.arange(60).reshape(3, 4, 5)', 'a[:, [0, 3], [1, 2]]')
    case('bool_mask', 'a = np.arange(10)', 'a[a % 3 == 0]')
    case('bool_mask_2d', 'a = np.arange(12).reshape(3, 4)', 'a[a > 4]')
    case('bool_mask_rows', 'a = np.arange(12).reshape(3, 4)', 'a[np.array([True, False, True])]')
    case('mask_assign', R % 300 + 'h = np.random.randn(4, 5); h[h < 0] = 0', 'h')
    case('fancy_assign', 'a = np.zeros(6); a[[1, 3, 3]] = [5, 6, 7]', 'a')
    case('slice_assign_bcast', 'a = np.zeros((3, 4)); a[:, 1] = np.arange(3)', 'a')
    case('negative_step', 'a = np.arange(10)', 'a[8:2:-2]')
    case('newaxis_ellipsis', 'a = np.arange(6).reshape(2, 3)', 'a[..., np.newaxis].shape')
    case('element_scalar', 'a = np.arange(6.).reshape(2, 3)', 'a[1, 2]')
    case('unique_counts', 'a = np.array([3, 1, 3, 2, 1, 3])', 'np.unique(a, return_counts=True)')
    case('sort_nan', 'a = np.array([3., np.nan, 1., 2.])', 'np.sort(a)')
    case('argsort', 'a = np.array([3., 1., 2.])', 'np.argsort(a)')
    case('nonzero', 'a = np.array([[0, 1], [2, 0]])', 'np.nonzero(a)')
    case('tolist', 'a = np.arange(4.).reshape(2, 2)', 'a.tolist()')
    case('item', 'a = np.array([[2.5]])', 'a.item()')
    case('len_shape', 'a = np.zeros((3, 4))', '(len(a), a.shape, a.ndim, a.size, a.dtype.name)')
    # --- random ---
    case('random_rand', 'np.random.seed(10)', 'np.random.rand(2, 3)')
    case('random_randn_scalar', 'np.random.seed(11)', 'np.random.randn()')
    case('random_randint', 'np.random.seed(12)', 'np.random.randint(0, 10, size=(2, 4))')
    case('random_randint_scalar', 'np.random.seed(12)', 'np.random.randint(5)')
    case('random_normal', 'np.random.seed(13)', 'np.random.normal(2.0, 0.5, size=4)')
    case('random_normal_array', 'np.random.seed(13)', 'np.random.normal([0., 10.], [1., 2.])')
    case('random_uniform', 'np.random.seed(14)', 'np.random.uniform(-1, 1, 5)')
    case('random_choice', 'np.random.seed(15)', 'np.random.choice(10, 4, replace=False)')
    case('random_choice_p', 'np.random.seed(16)', 'np.random.choice(3, 5, p=[0.1, 0.3, 0.6])')
    case('random_choice_list', 'np.random.seed(17)', 'np.random.choice([1.5, 2.5, 3.5])')
    case('random_permutation', 'np.random.seed(18)', 'np.random.permutation(8)')
    case('random_permutation_2d', 'np.random.seed(18); a = np.arange(12).reshape(4, 3)', 'np.random.permutation(a)')
    case('random_shuffle_2d', 'np.random.seed(19); a = np.arange(12).reshape(4, 3); np.random.shuffle(a)', 'a')
    case('random_shuffle_list', 'np.random.seed(19); l = list(range(8)); np.random.shuffle(l)', 'l')
    case('randomstate', 'rs = np.random.RandomState(42)', 'rs.randn(3)')
    case('random_seed_array', 'np.random.seed([1, 2, 3])', 'np.random.random(3)')
    # --- errors ---
    case('err_shape', 'a = np.ones((2, 3)); b = np.ones((2, 2))', 'a + b')
    case('err_dot', 'a = np.ones((2, 3)); b = np.ones((2, 2))', 'a.dot(b)')
    case('err_matmul', 'a = np.ones((2, 3)); b = np.ones((2, 2))', 'a @ b')
    case('err_reshape', 'a = np.ones(6)', 'a.reshape(4, 2)')
    case('err_index', 'a = np.ones(3)', 'a[5]')
    case('err_too_many', 'a = np.ones(3)', 'a[0, 0]')
    case('err_truth', 'a = np.ones(3)', 'bool(a)')
    case('err_axis', 'a = np.ones(3)', 'a.sum(axis=1)')
    case('err_intpow', 'a = np.arange(3)', 'a ** -1')
    case('err_cast', 'a = np.arange(3)', 'np.add(a, 0.5, out=a)')
    case('err_concat', 'a = np.ones((2, 3)); b = np.ones((3, 2))', 'np.concatenate([a, b])')
    case('err_randint', '', 'np.random.randint(3, 1)')
    case('err_seed', '', 'np.random.seed(-1)')
    case('err_attr', '', 'np.not_a_function')
    # --- tabular-data functions (NumpyTabular.swift) ---
    # cov/corrcoef are 'close': numpy computes X @ X.T with BLAS dsyrk, whose order of additions
    # nnrepl's gemm emulation does not reproduce (a few ulps; the printed 8 digits agree). The
    # divisions in corrcoef can grow that past 'close', so those cases compare 12 digits.
    case('bincount', 'x = np.array([0, 1, 1, 3, 2, 1, 7])', 'np.bincount(x)')
    case('bincount_minlength', 'x = np.array([0, 1, 1])', 'np.bincount(x, minlength=5)')
    case('bincount_weights', R % 700 + 'x = np.random.randint(0, 5, 200); w = np.random.randn(200)', 'np.bincount(x, weights=w)')
    case('bincount_empty', '', 'np.bincount(np.array([], dtype=np.int64))')
    case('err_bincount_negative', '', 'np.bincount(np.array([0, -1]))')
    case('err_bincount_float', '', 'np.bincount(np.array([0., 1.]))')
    case('err_bincount_2d', '', 'np.bincount(np.zeros((2, 2), dtype=np.int64))')
    case('histogram', R % 705 + 'a = np.random.randn(500)', 'np.histogram(a)')
    case('histogram_bins_range', R % 706 + 'a = np.random.randn(300) * 3', 'np.histogram(a, bins=7, range=(-4, 5))')
    case('histogram_int', 'a = np.array([1, 2, 2, 3, 3, 3, 9])', 'np.histogram(a, bins=4)')
    case('histogram_const', 'a = np.array([2., 2., 2.])', 'np.histogram(a, bins=3)')
    case('histogram_density', R % 707 + 'a = np.random.rand(100)', 'np.histogram(a, bins=5, density=True)')
    case('err_histogram_range', 'a = np.arange(4.)', 'np.histogram(a, range=(3, 1))')
    case('searchsorted_left', 'a = np.array([1., 2., 2., 3., 5.])', 'np.searchsorted(a, [0., 2., 2.5, 5., 6.])')
    case('searchsorted_right', 'a = np.array([1, 2, 2, 3, 5])', 'np.searchsorted(a, [0, 2, 3, 5, 6], side="right")')
    case('searchsorted_scalar', 'a = np.array([1., 2., 3.])', 'np.searchsorted(a, 2.5)')
    for i, n in enumerate([1, 2, 7, 10, 101]):
        s = R % (710 + i) + f'a = np.random.randn({n}) * np.random.randint(1, 1000, {n})'
        case(f'percentile_{n}', s, 'np.percentile(a, [0, 10, 25, 33.3, 50, 66, 75, 90, 99, 100])')
        case(f'quantile_{n}', s, 'np.quantile(a, 0.37)')
    case('percentile_int', 'a = np.array([7, 1, 4, 9, 3, 12])', 'np.percentile(a, [25, 50, 75])')
    case('percentile_axis0', R % 720 + 'a = np.random.randn(9, 4)', 'np.percentile(a, 75, axis=0)')
    case('quantile_axis1_q', R % 721 + 'a = np.random.randn(3, 8)', 'np.quantile(a, [0.1, 0.5, 0.9], axis=1)')
    case('quantile_keepdims', R % 722 + 'a = np.random.randn(3, 8)', 'np.quantile(a, 0.3, axis=1, keepdims=True)')
    case('percentile_float32', R % 723 + 'a = np.random.randn(11).astype(np.float32)', 'np.percentile(a, [10, 50, 85])')
    case('percentile_nan', 'a = np.array([1., np.nan, 3.])', 'np.percentile(a, 50)')
    case('err_percentile_range', 'a = np.arange(4.)', 'np.percentile(a, 101)')
    case('err_quantile_range', 'a = np.arange(4.)', 'np.quantile(a, -0.5)')
    nan_setup = R % 730 + 'a = np.random.randn(6, 5); a[a > 1] = np.nan'
    for f in ['nansum', 'nanmean', 'nanmax', 'nanmin']:
        case(f'{f}_all', nan_setup, f'np.{f}(a)')
        case(f'{f}_axis0', nan_setup, f'np.{f}(a, axis=0)')
        case(f'{f}_axis1_keepdims', nan_setup, f'np.{f}(a, axis=1, keepdims=True)')
    case('nanmean_float32', nan_setup + '; b = a.astype(np.float32)', 'np.nanmean(b, axis=1)')
    case('nanmax_allnan_col', 'a = np.array([[1., np.nan], [2., np.nan]])', 'np.nanmax(a, axis=0)')
    case('nansum_int', 'a = np.arange(6).reshape(2, 3)', 'np.nansum(a, axis=1)')
    case('diff', R % 740 + 'a = np.random.randn(10)', 'np.diff(a)')
    case('diff_n2', 'a = np.array([1, 4, 9, 16, 25])', 'np.diff(a, n=2)')
    case('diff_axis0', R % 741 + 'a = np.random.randn(4, 3)', 'np.diff(a, axis=0)')
    case('diff_bool', 'a = np.array([True, True, False, True])', 'np.diff(a)')
    case('err_diff_0d', '', 'np.diff(np.float64(3.))')
    case('tril', 'a = np.arange(1., 13.).reshape(3, 4)', 'np.tril(a)')
    case('tril_k1', 'a = np.arange(12).reshape(3, 4)', 'np.tril(a, k=1)')
    case('triu', 'a = np.arange(1., 13.).reshape(4, 3)', 'np.triu(a)')
    case('triu_km1', 'a = np.arange(12).reshape(4, 3)', 'np.triu(a, -1)')
    case('triu_ones', '', 'np.triu(np.ones((4, 4), dtype=bool), k=1)')
    case('tril_1d', '', 'np.tril(np.array([1, 2, 3]))')
    case('diag_vec', '', 'np.diag(np.array([1., 2., 3.]))')
    case('diag_vec_k', '', 'np.diag(np.array([1, 2]), k=-1)')
    case('diag_mat', 'a = np.arange(12).reshape(3, 4)', 'np.diag(a)')
    case('diag_mat_k', 'a = np.arange(12).reshape(3, 4)', 'np.diag(a, 2)')
    case('err_diag_3d', '', 'np.diag(np.zeros((2, 2, 2)))')
    case('trace', R % 742 + 'a = np.random.randn(5, 5)', 'np.trace(a)')
    case('trace_int_offset', 'a = np.arange(12).reshape(3, 4)', 'np.trace(a, offset=1)')
    case('tile_1d', 'a = np.array([1, 2, 3])', 'np.tile(a, 3)')
    case('tile_2d_reps', 'a = np.array([1., 2.])', 'np.tile(a, (2, 2))')
    case('tile_matrix', 'a = np.arange(6).reshape(2, 3)', 'np.tile(a, (2, 1))')
    case('tile_more_dims', 'a = np.arange(4).reshape(2, 2)', 'np.tile(a, 2)')
    case('append_flat', 'a = np.arange(4).reshape(2, 2)', 'np.append(a, [7, 8])')
    case('append_axis0', 'a = np.arange(4.).reshape(2, 2)', 'np.append(a, [[7., 8.]], axis=0)')
    case('split_sections', 'a = np.arange(9)', 'tuple(np.split(a, 3))')
    case('split_indices', 'a = np.arange(10.)', 'tuple(np.split(a, [2, 5, -1]))')
    case('split_axis1', 'a = np.arange(12).reshape(3, 4)', 'tuple(np.split(a, 2, axis=1))')
    case('err_split_unequal', 'a = np.arange(10)', 'np.split(a, 3)')
    case('array_split', 'a = np.arange(10)', 'tuple(np.array_split(a, 3))')
    case('array_split_more', 'a = np.arange(3.)', 'tuple(np.array_split(a, 5))')
    case('meshgrid_xy', 'x = np.array([1., 2., 3.]); y = np.array([10., 20.])', 'np.meshgrid(x, y)')
    case('meshgrid_ij', 'x = np.array([1, 2, 3]); y = np.array([10, 20])', 'np.meshgrid(x, y, indexing="ij")')
    case('meshgrid_three', 'x = np.arange(2); y = np.arange(3); z = np.arange(4)', 'tuple(g.shape for g in np.meshgrid(x, y, z))')
    case('cov_rows', R % 750 + 'a = np.random.randn(3, 20)', 'np.cov(a)', 'close')
    case('cov_cols', R % 751 + 'a = np.random.randn(30, 4)', 'np.cov(a, rowvar=False)', 'close')
    case('cov_xy', R % 752 + 'x = np.random.randn(15); y = np.random.randn(15)', 'np.cov(x, y)', 'close')
    case('cov_1d', R % 753 + 'x = np.random.randn(15)', 'np.cov(x)', 'close')
    case('cov_bias', R % 754 + 'a = np.random.randn(2, 9)', 'np.cov(a, bias=True)', 'close')
    case('cov_int', 'a = np.array([[1, 2, 4], [3, 1, 2]])', 'np.cov(a, ddof=0)', 'close')
    case('corrcoef_rows', R % 755 + 'a = np.random.randn(4, 25)', 'np.corrcoef(a)', 'close')
    case('corrcoef_xy', R % 756 + 'x = np.random.randn(40); y = 2 * x + np.random.randn(40)', 'np.round(np.corrcoef(x, y), 12)')
    case('corrcoef_cols', R % 757 + 'a = np.random.randn(50, 3)', 'np.round(np.corrcoef(a, rowvar=False), 12)')


def run(c):
    ns = {'np': np}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        exec(c['setup'], ns)
        try:
            v = eval(c['expr'], ns)
        except Exception as e:  # noqa: BLE001
            return {'kind': 'error', 'type': type(e).__name__, 'message': str(e)}
    return record(v)


def main():
    build()
    for c in CASES:
        c['result'] = run(c)
    text = ('{"format": "nnrepl-numpy-ops/1", "produced_by": "numpy %s (1 BLAS thread)", "cases": [\n' % np.__version__
            + ',\n'.join(json.dumps(c) for c in CASES) + '\n]}\n')
    if '--check' in sys.argv:
        with open(OUT) as f:
            same = f.read() == text
        print('ops.json: ' + ('up to date' if same else 'DIFFERS'))
        sys.exit(0 if same else 1)
    with open(OUT, 'w') as f:
        f.write(text)
    print(len(CASES), 'cases')


if __name__ == '__main__':
    main()
