#!/usr/bin/env python
"""Writes Tests/InterpreterTests/Fixtures/numpy/printing.json: how real numpy prints.

Usage (numpy 2.x installed, e.g. the torch venv):
    ~/torchenv/bin/python scripts/golden/numpy_printing.py          # write
    ~/torchenv/bin/python scripts/golden/numpy_printing.py --check  # compare, write nothing

Three sections, read by NumpyPrintingTests:
  arrays:  repr() and str() of arrays under print options. Elements are listed as float.hex
           (float64 / float32 values are exact in a double), ints or bools; arrays larger than
           the threshold list only the elements numpy prints ({flat index: value}), so the test
           also proves that nnrepl reads nothing else.
  floats:  np.format_float_positional / np.format_float_scientific of many values with many
           options (the Dragon4 port).
  scalars: str() and repr() of numpy scalars (numpy 2: `np.float64(3.0)` vs `3.0`).
"""
import json
import math
import os
import sys

import numpy as np
from numpy._core.arrayprint import _leading_trailing

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'Tests', 'InterpreterTests', 'Fixtures', 'numpy', 'printing.json')

DTYPES = {'float64': np.float64, 'float32': np.float32, 'int64': np.int64, 'int32': np.int32,
          'bool': np.bool_, 'uint8': np.uint8, 'int8': np.int8, 'int16': np.int16}


def encode(a):
    if a.dtype.kind == 'f':
        return [float(x).hex() for x in a.reshape(-1).tolist()]
    if a.dtype.kind == 'b':
        return [bool(x) for x in a.reshape(-1).tolist()]
    return [int(x) for x in a.reshape(-1).tolist()]


ARRAYS = []


def arr(name, a, **opts):
    ARRAYS.append((name, np.asarray(a), opts))


def build_arrays():
    rs = np.random.RandomState(5)
    f = np.float64
    arr('floats_simple', [1., 2., 3.])
    arr('floats_half', [0.5, 1.25, -3.125])
    arr('float_int_valued', [1., -2., 300.])
    arr('float_ratio_1000', [1., 1000.])
    arr('float_ratio_1001', [1., 1001.])
    arr('float_small', [1e-5, 1.])
    arr('float_tenth4', [0.0001, 1.])
    arr('float_big', [1e8, 1.])
    arr('float_big_just_below', [99999999., 1.])
    arr('float_pi', [math.pi, math.e, -math.sqrt(2)])
    arr('float_third', [1 / 3, 2 / 3])
    arr('float_tenths', [0.1, 0.2, 0.3, 0.1 + 0.2])
    arr('float_neg_zero', [-0., 0., 1.5])
    arr('float_neg_zero_alone', [-0.])
    arr('float_zeros', np.zeros(4))
    arr('float_nan_inf', [np.nan, np.inf, -np.inf, 1.5])
    arr('float_only_nan', [np.nan, np.nan])
    arr('float_only_inf', [np.inf, -np.inf])
    arr('float_inf_sci', [np.inf, 1e-7, 3.])
    arr('float_subnormal', [5e-324, 1.])
    arr('float_max', [1.7976931348623157e308, -1.])
    arr('float_round_up', [0.999999999, 9.9999999999])
    arr('float_precision_cut', [0.123456789012, 1.987654321098])
    arr('float_many_digits', [123456.789012345, 0.5])
    arr('float_sci_mixed', [1.5e-10, 2.25e10, -3.])
    arr('float_sci_exp3', [1e-100, 1e100])
    arr('float_randn_10', rs.randn(10))
    arr('float_randn_3x4', rs.randn(3, 4))
    arr('float_randn_2x3x4', rs.randn(2, 3, 4))
    arr('float_randn_2x2x2x2', rs.randn(2, 2, 2, 2))
    arr('float_randn_wrap', rs.randn(25))
    arr('float_randn_wrap_2d', rs.randn(2, 12))
    arr('float_arange_30', np.arange(30.))
    arr('float_linspace', np.linspace(-math.pi, math.pi, 11))
    arr('float_linspace_big', np.linspace(0, 1, 2000))
    arr('float_arange_1001', np.arange(1001.))
    arr('float_big_2d', rs.randn(40, 30))
    arr('float_big_3d', rs.randn(12, 10, 10))
    arr('float_0d', np.array(3.0))
    arr('float_0d_pi', np.array(math.pi))
    arr('float_0d_nan', np.array(np.nan))
    arr('float_empty', np.zeros(0))
    arr('float_empty_2d', np.zeros((0, 3)))
    arr('float_empty_2d_b', np.zeros((2, 0)))
    arr('float_col', rs.randn(4, 1))
    arr('float_row', rs.randn(1, 4))
    arr('float_1x1x1', np.ones((1, 1, 1)))
    arr('f32_simple', np.array([1., 2.5, -3.], dtype=np.float32))
    arr('f32_tenths', np.array([0.1, 0.2, 0.3], dtype=np.float32))
    arr('f32_randn', rs.randn(7).astype(np.float32))
    arr('f32_big', np.array([1e6, 1.], dtype=np.float32))
    arr('f32_below_big', np.array([999999., 1.], dtype=np.float32))
    arr('f32_tenth4', np.array([0.0001, 1.], dtype=np.float32))
    arr('f32_0d', np.array(0.1, dtype=np.float32))
    arr('f32_2d', rs.randn(3, 3).astype(np.float32))
    arr('f32_empty', np.zeros(0, dtype=np.float32))
    arr('f32_nan', np.array([np.nan, 1.], dtype=np.float32))
    arr('f32_big_summarised', rs.randn(2000).astype(np.float32))
    arr('int_simple', [1, 2, 3])
    arr('int_neg', [-1, 100, 7])
    arr('int_matrix', np.arange(12).reshape(3, 4))
    arr('int_3d', np.arange(24).reshape(2, 3, 4))
    arr('int_big', [2**62, -2**63])
    arr('int_1001', np.arange(1001))
    arr('int_2000_2d', np.arange(2000).reshape(40, 50))
    arr('int_wrap', np.arange(100, 140))
    arr('int_0d', np.array(5))
    arr('int_empty', np.zeros(0, dtype=np.int64))
    arr('int32_simple', np.array([1, 2, 3], dtype=np.int32))
    arr('int32_empty', np.zeros((0,), dtype=np.int32))
    arr('int32_2d', np.arange(6, dtype=np.int32).reshape(2, 3))
    arr('int32_0d', np.array(7, dtype=np.int32))
    arr('uint8', np.array([0, 128, 255], dtype=np.uint8))
    arr('int8', np.array([-128, 0, 127], dtype=np.int8))
    arr('int16', np.array([-300, 2], dtype=np.int16))
    arr('bool_simple', [True, False, True])
    arr('bool_2d', np.array([[True, False], [False, True]]))
    arr('bool_0d', np.array(True))
    arr('bool_0d_false', np.array(False))
    arr('bool_empty', np.zeros(0, dtype=bool))
    arr('bool_many', rs.rand(1500) > 0.5)
    # print options
    arr('opt_precision3', [math.pi, 1 / 3], precision=3)
    arr('opt_precision0', [1.5, 2.5, 0.4], precision=0)
    arr('opt_suppress', [1e-10, 1., 2.], suppress=True)
    arr('opt_suppress_big', [1e-10, 1e9], suppress=True)
    arr('opt_suppress_ratio', [0.001, 100.], suppress=True)
    arr('opt_threshold', np.arange(10.), threshold=5)
    arr('opt_edgeitems', np.arange(20), threshold=10, edgeitems=2)
    arr('opt_linewidth', rs.randn(8), linewidth=40)
    arr('opt_fixed', [1.5, 2.25], floatmode='fixed')
    arr('opt_fixed_sci', [1e-9, 2.25], floatmode='fixed')
    arr('opt_unique', [math.pi, 0.1], floatmode='unique')
    arr('opt_maxprec_equal', [1.5, 2.25, 3.], floatmode='maxprec_equal')
    arr('opt_sign_plus', [1.5, -2.], sign='+')
    arr('opt_sign_space', [1.5, 2.], sign=' ')
    arr('opt_sign_space_neg', [1.5, -2.], sign=' ')
    arr('opt_sign_plus_int', [1, -2, 3], sign='+')
    arr('opt_sign_space_int', [1, 2, 3], sign=' ')
    arr('opt_sign_plus_nan', [np.nan, 1.], sign='+')
    arr('opt_nanstr', [np.nan, np.inf, 1.], nanstr='NaN', infstr='Infinity')
    arr('opt_precision2_sci', [1e-7, 12345.6789], precision=2)
    arr('opt_precision12', [math.pi, math.e], precision=12)
    for i in range(30):
        n = int(rs.randint(1, 9))
        scale = 10.0 ** rs.randint(-6, 9)
        a = rs.randn(n) * scale
        if i % 3 == 0:
            a = np.round(a, int(rs.randint(0, 4)))
        if i % 5 == 0:
            a = a.astype(np.float32)
        arr(f'random_{i}', a)


def floats_section():
    rs = np.random.RandomState(9)
    vals64 = [0.0, -0.0, 1.0, 0.1, 0.3, 1 / 3, 2 / 3, math.pi, 1e-300, 5e-324, 1.7976931348623157e308,
              123456789.123, 0.5, 1.5, 2.5, 0.125, 9.5, 99.5, 0.05, 0.15, 0.25, 0.35, 1e16, 1e15, 123e-20,
              2 ** 53, 2 ** 60 + 2 ** 10, 1e23, 8.41e21, 5e-5, 0.00015]
    vals64 += [float(x) for x in rs.randn(150) * 10.0 ** rs.randint(-20, 20, 150)]
    vals64 += [float(np.float64(x)) for x in rs.rand(40)]
    vals32 = [float(np.float32(v)) for v in vals64[:60]] + [float(x) for x in rs.randn(60).astype(np.float32)]
    out = []
    variants = [('pos', dict()), ('pos', dict(precision=3)), ('pos', dict(precision=8)),
                ('pos', dict(precision=0)), ('pos', dict(precision=5, unique=False)),
                ('pos', dict(precision=20, unique=False)), ('pos', dict(trim='.')), ('pos', dict(trim='0')),
                ('pos', dict(trim='-')), ('pos', dict(precision=4, min_digits=4)), ('pos', dict(min_digits=20)),
                ('pos', dict(pad_left=5, pad_right=6)), ('pos', dict(sign=True)),
                ('pos', dict(precision=6, fractional=False)), ('pos', dict(precision=3, fractional=False, unique=False)),
                ('sci', dict()), ('sci', dict(precision=3)), ('sci', dict(precision=0)),
                ('sci', dict(precision=10, unique=False)), ('sci', dict(trim='.')), ('sci', dict(trim='-')),
                ('sci', dict(precision=5, min_digits=5)), ('sci', dict(exp_digits=3)), ('sci', dict(pad_left=4)),
                ('sci', dict(sign=True, precision=2))]
    for dtype, vals in (('float64', vals64), ('float32', vals32)):
        t = DTYPES[dtype]
        for v in vals:
            x = t(v)
            res = []
            for kind, kw in variants:
                fn = np.format_float_positional if kind == 'pos' else np.format_float_scientific
                res.append(fn(x, **kw))
            out.append({'dtype': dtype, 'value': float(x).hex(), 'results': res})
    return [[k, {kk: vv for kk, vv in kw.items()}] for k, kw in variants], out


def scalars_section():
    out = []
    vals = [0.0, -0.0, 1.0, 3.0, 0.1, 1 / 3, 1e-4, 9.99e-5, 1e16, 9999999999999998.0, 1e-5, 12345.678,
            1e300, math.pi, float('nan'), float('inf'), float('-inf'), 5e-324, 2.5e-7, 100.0]
    for dtype in ('float64', 'float32'):
        for v in vals:
            x = DTYPES[dtype](v)
            out.append({'dtype': dtype, 'value': float(x).hex(), 'str': str(x), 'repr': repr(x)})
    for dtype in ('int64', 'int32', 'uint8', 'int8', 'int16'):
        for v in (0, 1, -5, 100):
            if dtype == 'uint8' and v < 0:
                continue
            x = DTYPES[dtype](v)
            out.append({'dtype': dtype, 'value': int(x), 'str': str(x), 'repr': repr(x)})
    for v in (True, False):
        x = np.bool_(v)
        out.append({'dtype': 'bool', 'value': v, 'str': str(x), 'repr': repr(x)})
    return out


def main():
    build_arrays()
    arrays = []
    for name, a, opts in ARRAYS:
        with np.printoptions(**opts):
            r, s = repr(a), str(a)
            threshold = np.get_printoptions()['threshold']
            edge = np.get_printoptions()['edgeitems']
        entry = {'name': name, 'dtype': a.dtype.name, 'shape': list(a.shape), 'options': opts}
        if a.size > threshold:
            flat = _leading_trailing(np.arange(a.size).reshape(a.shape), edge).reshape(-1)
            entry['sparse'] = dict(zip([str(int(i)) for i in flat], encode(a.reshape(-1)[flat])))
        else:
            entry['values'] = encode(a)
        entry['repr'] = r
        entry['str'] = s
        arrays.append(entry)
    variants, floats = floats_section()
    doc = {'format': 'nnrepl-numpy-printing/1', 'produced_by': f'numpy {np.__version__}',
           'arrays': arrays, 'float_variants': variants, 'floats': floats, 'scalars': scalars_section()}
    text = '{\n' + ',\n'.join(
        f'{json.dumps(k)}: ' + ('[\n' + ',\n'.join(json.dumps(x) for x in v) + '\n]' if isinstance(v, list) else json.dumps(v))
        for k, v in doc.items()) + '\n}\n'
    if '--check' in sys.argv:
        with open(OUT) as fh:
            same = fh.read() == text
        print('printing.json: ' + ('up to date' if same else 'DIFFERS'))
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        fh.write(text)


if __name__ == '__main__':
    main()
