#!/usr/bin/env python3
"""Per-op numeric fixtures for nnrepl: Tests/InterpreterTests/Fixtures/ops.json.

Needs Python 3.11 with PyTorch 2.15:
    python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch safetensors
    ~/torchenv/bin/python scripts/golden/ops.py            # write the fixture
    ~/torchenv/bin/python scripts/golden/ops.py --check    # compare with the committed file
    ~/torchenv/bin/python scripts/golden/ops.py --verify   # also check the tolerance labels

Runnable from any directory. Every string in the file (setup, expr, stmt) is plain PyTorch
Python that nnrepl runs; the Swift test pre-binds torch, nn, F, optim and math. The format is
described in README.md next to this script.

--verify reruns the cases with PyTorch's non-vectorised kernels (ATEN_CPU_CAPABILITY=default)
and in float64: an "exact" case must give the same bits with both kernel sets, a "close" case
must stay within its tolerance of the float64 value (so that a correct implementation that sums
in another order passes).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'ops.json')

CASES = []
S0 = 'torch.manual_seed(0)\n'


def case(name, setup, expr, tol='exact', **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, tolerance=tol, **kw))


def err(name, setup, expr, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, expect_error=(etype, msg)))


def err_stmt(name, setup, stmt, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), stmt=stmt, expect_error=(etype, msg)))


def rn(var, *shape, rg=True, seed=True):
    dims = ', '.join(str(s) for s in shape)
    return (S0 if seed else '') + f'{var} = torch.randn({dims}{", requires_grad=True" if rg else ""})\n'


# --------------------------------------------------------------------------------------------
# creation
# --------------------------------------------------------------------------------------------
case('tensor_nested_float', '', 'torch.tensor([[1., 2.5], [-3., 4.]])')
case('tensor_nested_int', '', 'torch.tensor([[1, 2], [3, 4]])')
case('tensor_nested_3d', '', 'torch.tensor([[[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]]])')
case('tensor_mixed_int_float', '', 'torch.tensor([1, 2.5, -3])')
case('tensor_bool', '', 'torch.tensor([True, False, True])')
case('tensor_bool_int_mix', '', 'torch.tensor([True, 2])')
case('tensor_float_rounding', '', 'torch.tensor([0.1, 1 / 3, 1e-8, 3.4e38, 1e-46])')
case('tensor_dtype_float32_from_ints', '', 'torch.tensor([1, 2], dtype=torch.float32)')
case('tensor_dtype_int64_truncates', '', 'torch.tensor([1.7, -1.7, 2.5], dtype=torch.int64)')
case('tensor_dtype_bool', '', 'torch.tensor([0., 2., -1.], dtype=torch.bool)')
case('tensor_scalar_float', '', 'torch.tensor(3.5)')
case('tensor_scalar_int', '', 'torch.tensor(7)')
case('tensor_scalar_bool', '', 'torch.tensor(True)')
case('tensor_empty', '', 'torch.tensor([])')
case('tensor_large_ints', '', 'torch.tensor([2 ** 40, -3, 9007199254740993])')
case('tensor_requires_grad', '', 'torch.tensor([1., 2.], requires_grad=True)')
case('tensor_from_tensor_list', '', 'torch.tensor([torch.tensor(1.5).item(), 2.])')
case('zeros', '', 'torch.zeros(2, 3)')
case('zeros_tuple', '', 'torch.zeros((2, 3))')
case('zeros_int64', '', 'torch.zeros(3, dtype=torch.int64)')
case('zeros_empty_dim', '', 'torch.zeros(2, 0)')
case('ones', '', 'torch.ones(2, 1, 3)')
case('ones_bool', '', 'torch.ones(2, dtype=torch.bool)')
case('full_float', '', 'torch.full((2, 2), 1.5)')
case('full_int_infers_int64', '', 'torch.full((3,), 7)')
case('full_bool', '', 'torch.full((2,), True)')
case('arange_int', '', 'torch.arange(5)')
case('arange_start_end', '', 'torch.arange(2, 8)')
case('arange_float_step', '', 'torch.arange(0, 1, 0.1)')
case('arange_negative_step', '', 'torch.arange(10, 0, -2.5)')
case('arange_float_end', '', 'torch.arange(5.)')
case('arange_dtype', '', 'torch.arange(-3, 3, dtype=torch.float32)')
case('arange_third', '', 'torch.arange(0, 2, 1 / 3)')
case('linspace_5', '', 'torch.linspace(0, 1, 5)')
LSN = ('step = float32((end - start) / (steps - 1)); element i < steps // 2 is '
       'fma(step, i, start), the others fma(-step, steps - 1 - i, end)')
case('linspace_7_sym', '', 'torch.linspace(-1, 1, 7)', note=LSN, avx2=True)
case('linspace_10', '', 'torch.linspace(0, 1, 10)', note=LSN, avx2=True)
case('linspace_33', '', 'torch.linspace(-2.5, 7.1, 33)', note=LSN, avx2=True)
case('linspace_ints', '', 'torch.linspace(0, 10, 11)')
case('linspace_one', '', 'torch.linspace(3, 3, 1)')
case('linspace_descending', '', 'torch.linspace(2, -1.5, 6)')
case('eye_3', '', 'torch.eye(3)')
case('eye_2x4', '', 'torch.eye(2, 4)')
case('zeros_like', 'x = torch.tensor([[1, 2], [3, 4]])', 'torch.zeros_like(x)')
case('ones_like', 'x = torch.randn(2, 3)', 'torch.ones_like(x)')
case('full_like', 'x = torch.zeros(2, 2)', 'torch.full_like(x, 2.5)')
case('randn_like', S0 + 'x = torch.zeros(2, 3)', 'torch.randn_like(x)')
case('rand_like', S0 + 'x = torch.zeros(5)', 'torch.rand_like(x)')
case('rand_seed0', S0, 'torch.rand(3, 4)')
case('randn_seed0', S0, 'torch.randn(2, 3)')
case('randn_17', S0, 'torch.randn(17)')
case('randn_100', S0, 'torch.randn(100)')
case('randn_after_rand', S0 + 'a = torch.rand(5)', 'torch.randn(5)')
case('randn_twice_small', S0 + 'a = torch.randn(3)', 'torch.randn(3)')
case('rand_seed42', 'torch.manual_seed(42)', 'torch.rand(2, 3)')
case('randint', S0, 'torch.randint(0, 10, (3, 4))')
case('randint_high_only', S0, 'torch.randint(5, (6,))')
case('randperm', S0, 'torch.randperm(10)')
case('randn_requires_grad', S0, 'torch.randn(3, requires_grad=True)')
case('normal_inplace', S0 + 'x = torch.empty(6)', 'x.normal_(2., 0.5)')
case('uniform_inplace', S0 + 'x = torch.empty(6)', 'x.uniform_(-1, 1)')

# --------------------------------------------------------------------------------------------
# views (results record strides)
# --------------------------------------------------------------------------------------------
V = rn('x', 2, 3, 4)
for nm, ex in [('view_2d', 'x.view(6, 4)'), ('view_infer', 'x.view(-1)'),
               ('view_infer_mid', 'x.view(2, -1, 1)'), ('view_size_tuple', 'x.view((4, 6))'),
               ('reshape_contig', 'x.reshape(4, 6)'), ('flatten_all', 'x.flatten()'),
               ('flatten_1', 'x.flatten(1)'), ('torch_flatten_0_1', 'torch.flatten(x, 0, 1)'),
               ('unsqueeze_0', 'x.unsqueeze(0)'), ('unsqueeze_neg', 'x.unsqueeze(-1)'),
               ('transpose_0_2', 'x.transpose(0, 2)'), ('transpose_neg', 'x.transpose(-1, -2)'),
               ('permute', 'x.permute(2, 0, 1)'), ('permute_tuple', 'x.permute((1, 2, 0))'),
               ('select_int', 'x[1]'), ('select_neg', 'x[-1]'), ('select_2', 'x[1, 2]'),
               ('select_mid', 'x[:, 1]'), ('slice_start', 'x[1:]'), ('slice_step', 'x[:, ::2]'),
               ('slice_step_offset', 'x[:, :, 1::2]'), ('slice_neg', 'x[:, -2:]'),
               ('slice_neg_stop', 'x[:, :-1, 1:-1]'), ('slice_out_of_range', 'x[:, 1:100]'),
               ('slice_empty', 'x[:, 5:]'), ('slice_neg_start_clip', 'x[:, -100:2]'),
               ('index_none', 'x[None]'), ('index_none_mid', 'x[:, None]'),
               ('index_ellipsis', 'x[..., 0]'), ('index_ellipsis_none', 'x[0, ..., None]'),
               ('index_mixed', 'x[1:, None, ::2, -1]'), ('index_ellipsis_mid', 'x[0, ..., 1:3]'),
               ('narrow_chain', 'x[1][2][3]'), ('select_method', 'x.select(2, 1)'),
               ('contiguous_of_contig', 'x.contiguous()'),
               ('contiguous_of_transpose', 'x.transpose(0, 1).contiguous()'),
               ('reshape_after_transpose', 'x.transpose(1, 2).reshape(2, 12)'),
               ('view_as', 'x.view_as(torch.zeros(4, 6))'),
               ('squeeze_noop', 'x.squeeze()'), ('unsqueeze_then_squeeze', 'x.unsqueeze(1).squeeze(1)')]:
    case(nm, V, ex, stride=True)
V2 = rn('x', 1, 3, 1)
case('squeeze_all', V2, 'x.squeeze()', stride=True)
case('squeeze_dim0', V2, 'x.squeeze(0)', stride=True)
case('squeeze_dim_not1', V2, 'x.squeeze(1)', stride=True)
case('squeeze_neg', V2, 'x.squeeze(-1)', stride=True)
V3 = rn('x', 3, 4)
case('t_2d', V3, 'x.t()', stride=True)
case('T_2d', V3, 'x.T', stride=True)
case('t_then_t', V3, 'x.t().t()', stride=True)
case('t_1d', rn('x', 4), 'x.t()', stride=True)
case('view_of_t_slice', V3, 'x.t()[1:3]', stride=True)
case('reshape_of_t', V3, 'x.t().reshape(12)', stride=True)
case('contiguous_of_t', V3, 'x.t().contiguous()', stride=True)
case('slice_2d_steps', V3, 'x[::2, 1::2]', stride=True)
case('slice_reverse_not_allowed_alt', V3, 'x[-1:, :]', stride=True)
E = rn('x', 3, 1)
case('expand', E, 'x.expand(3, 4)', tol='close', stride=True)
case('expand_neg1', E, 'x.expand(-1, 5)', tol='close', stride=True)
case('expand_new_dim', E, 'x.expand(2, 3, 4)', tol='close', stride=True)
case('expand_as', E, 'x.expand_as(torch.zeros(3, 2))', stride=True)
case('expand_1d', rn('x', 3), 'x.expand(2, 3)', stride=True)
case('view_after_view_write', 'x = torch.arange(6.)\nv = x.view(2, 3)\nv[1, 1] = 100.', 'x')
case('view_int', 'x = torch.arange(12)', 'x.view(3, 4)[1:, ::2]', stride=True)
case('detach_shares', 'x = torch.ones(3, requires_grad=True)\nd = x.detach()\nd[0] = 5.', 'x')
case('data_shares', 'x = torch.ones(3, requires_grad=True)\nx.data[1] = -2.', 'x')

# --------------------------------------------------------------------------------------------
# advanced indexing (int64 / bool)
# --------------------------------------------------------------------------------------------
I = rn('x', 4, 5)
case('index_long_rows', I, 'x[torch.tensor([2, 0, 2])]')
case('index_long_2d', I, 'x[torch.tensor([[0, 1], [1, 0]])]')
case('index_long_cols', I, 'x[:, torch.tensor([1, 3])]')
case('index_long_pairs', I, 'x[torch.tensor([0, 1, 3]), torch.tensor([2, 3, 4])]')
case('index_long_negative', I, 'x[torch.tensor([-1, 0])]')
case('index_long_and_slice', I, 'x[1:, torch.tensor([0, 4])]')
case('index_list', I, 'x[[0, 3]]')
case('index_mask_gt', I, 'x[x > 0]')
case('index_mask_rows', I, 'x[torch.tensor([True, False, True, False])]')
case('index_mask_none_true', I, 'x[x > 100]')
case('index_int_tensor', 'x = torch.arange(10) * 3', 'x[torch.tensor([9, 0, 4])]')
case('index_bool_of_int', 'x = torch.arange(6)', 'x[x % 2 == 0]')
case('index_scalar_long', I, 'x[torch.tensor(2)]')

# --------------------------------------------------------------------------------------------
# __setitem__ (statements in setup, expr = the tensor)
# --------------------------------------------------------------------------------------------
case('setitem_row', 'x = torch.zeros(3, 4)\nx[1] = 5.', 'x')
case('setitem_block', 'x = torch.zeros(3, 4)\nx[:, 1:3] = torch.ones(3, 2)', 'x')
case('setitem_int_value', 'x = torch.zeros(2, 2)\nx[0, 0] = 7', 'x')
case('setitem_mask', S0 + 'x = torch.randn(3, 4)\nx[x > 0] = 0.', 'x')
case('setitem_long_index', 'x = torch.zeros(4, 2)\nx[torch.tensor([0, 2])] = -1.', 'x')
case('setitem_broadcast_col', 'x = torch.zeros(3, 2)\nx[:, 0] = torch.tensor([1., 2., 3.])', 'x')
case('setitem_ellipsis', 'x = torch.zeros(2, 3)\nx[..., -1] = 9.', 'x')
case('setitem_int64_truncates', 'x = torch.arange(4)\nx[1] = 2.7', 'x')
case('setitem_bool_tensor', 'x = torch.zeros(3, dtype=torch.bool)\nx[1] = True', 'x')
case('setitem_step', 'x = torch.zeros(6)\nx[::2] = torch.tensor([1., 2., 3.])', 'x')
case('setitem_augmented', 'x = torch.ones(2, 3)\nx[1] += 2\nx[:, 0] *= 10', 'x')
case('setitem_tensor_scalar_value', 'x = torch.zeros(3)\nx[2] = torch.tensor(4.5)', 'x')
case('setitem_nonleaf_grad', S0 + 'a = torch.randn(3, 4, requires_grad=True)\nb = a * 2\nb[0] = 0.', 'b')
case('setitem_value_grad', S0 + 'a = torch.randn(3, 4, requires_grad=True)\nc = torch.randn(3, requires_grad=True)\nb = a.clone()\nb[:, 1] = c', 'b')

# --------------------------------------------------------------------------------------------
# arithmetic, broadcasting, scalars on either side
# --------------------------------------------------------------------------------------------
AB = S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = torch.randn(2, 3, requires_grad=True)'
case('add', AB, 'a + b')
case('sub', AB, 'a - b')
case('mul', AB, 'a * b')
case('div', AB, 'a / b', tol='close')
case('add_alpha', AB, 'torch.add(a, b, alpha=2)')
case('sub_method', AB, 'a.sub(b)')
case('add_alpha_fma', AB, 'torch.add(a, b, alpha=0.1)', note='a + alpha*b is one fused multiply-add', avx2=True)
case('sub_alpha_fma', AB, 'a.sub(b, alpha=0.3)', note='a - alpha*b is one fused multiply-add', avx2=True)
case('mul_method', AB, 'a.mul(b)')
case('div_method', AB, 'a.div(b)', tol='close')
BR = S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = torch.randn(3, requires_grad=True)'
case('add_broadcast_row', BR, 'a + b', tol='close')
case('mul_broadcast_row', BR, 'a * b', tol='close')
case('sub_broadcast_rev', BR, 'b - a', tol='close')
case('div_broadcast_row', BR, 'a / b', tol='close')
BC = S0 + 'a = torch.randn(2, 1, requires_grad=True)\nb = torch.randn(1, 3, requires_grad=True)'
case('add_broadcast_outer', BC, 'a + b', tol='close')
case('mul_broadcast_outer', BC, 'a * b', tol='close')
B3 = S0 + 'a = torch.randn(2, 3, 1, requires_grad=True)\nb = torch.randn(4, requires_grad=True)'
case('mul_broadcast_3d', B3, 'a * b', tol='close')
case('add_broadcast_scalar_tensor', S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = torch.tensor(2.5, requires_grad=True)', 'a + b', tol='close')
X = rn('x', 2, 3)
for nm, ex, tol in [('add_scalar', 'x + 2', 'exact'), ('radd_scalar', '2 + x', 'exact'),
                    ('sub_scalar', 'x - 0.5', 'exact'), ('rsub_scalar', '1 - x', 'exact'),
                    ('mul_scalar', 'x * 3', 'exact'), ('rmul_scalar', '3 * x', 'exact'),
                    ('div_scalar', 'x / 4', 'exact'), ('div_scalar_3', 'x / 3', 'exact'),
                    ('rdiv_scalar', '2 / x', 'close'), ('pow_2', 'x ** 2', 'exact'),
                    ('pow_3', 'x ** 3', 'close'), ('pow_half_abs', 'x.abs() ** 0.5', 'close'),
                    ('pow_neg1', 'x ** -1', 'close'), ('rpow_2', '2 ** x', 'close'),
                    ('neg', '-x', 'exact'), ('neg_method', 'x.neg()', 'exact'),
                    ('exp', 'x.exp()', 'close'), ('torch_exp', 'torch.exp(x)', 'close'),
                    ('log_abs', 'x.abs().log()', 'close'), ('sqrt_abs', 'x.abs().sqrt()', 'close'),
                    ('abs', 'x.abs()', 'exact'), ('torch_abs', 'torch.abs(x)', 'exact'),
                    ('clamp_both', 'x.clamp(-0.5, 0.5)', 'exact'),
                    ('clamp_min', 'x.clamp(min=0)', 'exact'), ('clamp_max', 'x.clamp(max=0.1)', 'exact'),
                    ('torch_clamp', 'torch.clamp(x, -1, 1)', 'exact'),
                    ('pow_method', 'x.pow(2)', 'exact'), ('torch_pow', 'torch.pow(x, 3)', 'close'),
                    ('mul_float_scalar', 'x * 0.1', 'exact'), ('add_neg_scalar', 'x + -1.5', 'exact'),
                    ('square_via_mul', 'x * x', 'exact'), ('sigmoid_method', 'x.sigmoid()', 'close'),
                    ('tanh_method', 'x.tanh()', 'close'), ('relu_method', 'x.relu()', 'exact')]:
    case(nm, X, ex, tol=tol)
P = S0 + 'a = torch.rand(2, 3, requires_grad=True)\nb = torch.randn(2, 3, requires_grad=True)'
case('pow_tensor_tensor', P, 'a ** b', tol='close')
case('log_rand', P, 'torch.log(a)', tol='close')
case('sqrt_rand', P, 'torch.sqrt(a)', tol='close')
case('exp_special_values', '', 'torch.tensor([0., -0., 1., 88.7, -104., float("inf"), -float("inf"), float("nan")]).exp()', tol='close')
case('log_special_values', '', 'torch.tensor([0., -1., 1., float("inf"), 1e-45]).log()', tol='close')
case('sqrt_special_values', '', 'torch.tensor([0., -0., -1., 4., 2., float("inf")]).sqrt()', note='torch.sqrt is not correctly rounded in general (other sqrt cases are close)')
case('div_by_zero', '', 'torch.tensor([1., -1., 0.]) / 0')
case('clamp_nan', '', 'torch.tensor([float("nan"), -2., 2.]).clamp(-1, 1)')
case('abs_neg_zero', '', 'torch.tensor([-0., -3.]).abs()')
case('int_add', 'i = torch.tensor([1, 2, 3])', 'i + 1')
case('int_mul_float', 'i = torch.tensor([1, 2, 3])', 'i * 1.5')
case('int_truediv', 'i = torch.tensor([1, 2, 3])', 'i / 2')
case('int_floordiv', 'i = torch.tensor([7, -7, 6])', 'i // 2')
case('int_mod', 'i = torch.tensor([7, -7, 6])', 'i % 3')
case('int_pow', 'i = torch.tensor([1, 2, 3])', 'i ** 2')
case('int_neg', 'i = torch.tensor([1, -2])', '-i')
case('int_plus_float_tensor', 'i = torch.tensor([1, 2])\nf = torch.tensor([0.5, 0.25])', 'i + f')
case('int_div_int_tensor', 'i = torch.tensor([1, 2])\nj = torch.tensor([4, 3])', 'i / j')
case('float_floordiv', 'x = torch.tensor([7.5, -7.5, 2.])', 'x // 2')
case('float_mod', 'x = torch.tensor([7.5, -7.5, 2.])', 'x % 2')
case('bool_add_int', 'b = torch.tensor([True, False])', 'b + 1')
case('bool_mul_float', 'b = torch.tensor([True, False])', 'b * 2.5')
case('matmul_op', S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = torch.randn(3, 4, requires_grad=True)', 'a @ b', tol='close')
# comparisons, where, maximum/minimum
CMP = S0 + 'a = torch.randn(3, 4)\nb = torch.randn(3, 4)'
for nm, ex in [('gt', 'a > b'), ('lt', 'a < b'), ('ge_scalar', 'a >= 0'), ('le_scalar', 'a <= 0.5'),
               ('eq', 'a == a'), ('ne_scalar', 'a != 0'), ('eq_broadcast', 'a == a[0]'),
               ('gt_rscalar', '0 > a'), ('torch_gt', 'torch.gt(a, b)'), ('eq_method', 'a.eq(b)')]:
    case('cmp_' + nm, CMP, ex)
case('cmp_int_float', 'i = torch.tensor([1, 2, 3])', 'i > 1.5')
case('cmp_nan', '', 'torch.tensor([float("nan"), 1.]) == torch.tensor([float("nan"), 1.])')
case('logical_and_bool', 'a = torch.tensor([True, False, True])\nb = torch.tensor([True, True, False])', 'a & b')
case('logical_or_bool', 'a = torch.tensor([True, False, True])\nb = torch.tensor([True, True, False])', 'a | b')
case('logical_not_bool', 'a = torch.tensor([True, False])', '~a')
W = S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.randn(3, 4, requires_grad=True)'
case('where', W, 'torch.where(x > 0, x, y)')
case('where_scalar', W, 'torch.where(x > 0, x, 0.)')
case('where_broadcast', S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.randn(4, requires_grad=True)', 'torch.where(x > y, x, y)', tol='close')
case('where_method', W, 'x.where(x < 0, y)')
case('maximum', W, 'torch.maximum(x, y)')
case('minimum', W, 'torch.minimum(x, y)')
case('maximum_ties', 'x = torch.tensor([-1., 0., 2.], requires_grad=True)\ny = torch.zeros(3)', 'torch.maximum(x, y)')
case('max_binary_ties', 'x = torch.tensor([-1., 0., 2.], requires_grad=True)', 'torch.max(x, torch.zeros(3))')
case('minimum_broadcast', S0 + 'x = torch.randn(2, 3, requires_grad=True)', 'torch.minimum(x, torch.tensor([0., 0.5, -0.5]))')
case('maximum_nan', '', 'torch.maximum(torch.tensor([float("nan"), 1.]), torch.tensor([0., float("nan")]))')

# --------------------------------------------------------------------------------------------
# in-place forms
# --------------------------------------------------------------------------------------------
IP = S0 + 'x = torch.randn(2, 3)\ny = torch.randn(2, 3)\n'
case('add_', IP + 'x.add_(y)', 'x')
case('add_alpha_', IP + 'x.add_(y, alpha=-0.5)', 'x')
case('add_alpha_fma_', IP + 'x.add_(y, alpha=-0.01)', 'x', note='fused multiply-add, as optimizers use it')
case('sub_', IP + 'x.sub_(y)', 'x')
case('mul_', IP + 'x.mul_(y)', 'x')
case('div_', IP + 'x.div_(y)', 'x')
case('mul_scalar_', IP + 'x.mul_(0.1)', 'x')
case('sub_scaled_', IP + 'x.sub_(y * 0.01)', 'x')
case('iadd', IP + 'x += y', 'x')
case('isub_scalar', IP + 'x -= 1', 'x')
case('imul_broadcast', IP + 'x *= torch.tensor([1., 2., 3.])', 'x')
case('idiv', IP + 'x /= 2', 'x')
case('clamp_', IP + 'x.clamp_(min=-0.5, max=0.5)', 'x')
case('zero_', IP + 'x.zero_()', 'x')
case('fill_', IP + 'x.fill_(2.5)', 'x')
case('pow_', IP + 'x.pow_(2)', 'x')
case('neg_', IP + 'x.neg_()', 'x')
case('abs_', IP + 'x.abs_()', 'x')
case('exp_', IP + 'x.exp_()', 'x', tol='close')
case('relu_', IP + 'x.relu_()', 'x')
case('copy_', IP + 'x.copy_(y)', 'x')
case('copy_broadcast_', IP + 'x.copy_(torch.tensor([1., 2., 3.]))', 'x')
case('add_returns_self', IP, 'x.add_(1)')
case('inplace_view_changes_base', IP + 'x[0].mul_(0)', 'x')
case('inplace_int_', 'i = torch.arange(4)\ni.add_(2)\ni.mul_(3)', 'i')
NL = S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = a * 1\n'
case('inplace_nonleaf_mul', NL + 'b.mul_(3)', 'b')
case('inplace_nonleaf_sub', NL + 'b.sub_(1)', 'b')
case('inplace_nonleaf_add_tensor', NL + 'c = torch.randn(2, 3, requires_grad=True)\nb.add_(c)', 'b')
case('inplace_nonleaf_relu', NL + 'b.relu_()', 'b')
case('inplace_nonleaf_iadd', NL + 'b += 2', 'b')
case('inplace_no_grad_leaf', S0 + 'w = torch.randn(3, requires_grad=True)\nwith torch.no_grad():\n    w.sub_(0.5)', 'w')
case('inplace_data_leaf', S0 + 'w = torch.randn(3, requires_grad=True)\nw.data.sub_(w.data * 0.1)', 'w')

# --------------------------------------------------------------------------------------------
# reductions
# --------------------------------------------------------------------------------------------
R = rn('x', 3, 4, 5)
for nm, ex in [('sum_all', 'x.sum()'), ('sum_0', 'x.sum(0)'), ('sum_1_keepdim', 'x.sum(1, keepdim=True)'),
               ('sum_neg', 'x.sum(-1)'), ('sum_tuple', 'x.sum((0, 2))'), ('sum_dim_kw', 'x.sum(dim=1)'),
               ('torch_sum_dim', 'torch.sum(x, dim=2, keepdim=True)'),
               ('mean_all', 'x.mean()'), ('mean_0', 'x.mean(0)'), ('mean_keepdim', 'x.mean(-1, keepdim=True)'),
               ('mean_tuple', 'x.mean((1, 2))'), ('torch_mean', 'torch.mean(x, 1)'),
               ('std_all', 'x.std()'), ('std_1', 'x.std(1)'), ('std_keepdim', 'x.std(2, keepdim=True)'),
               ('std_correction0', 'x.std(1, correction=0)'), ('std_unbiased_false', 'x.std(unbiased=False)'),
               ('var_all', 'x.var()'), ('var_0', 'x.var(0)'), ('var_keepdim', 'x.var(-1, keepdim=True)'),
               ('prod_all_small', 'x[0, 0].prod()'), ('prod_dim', 'x.prod(2)'),
               ('norm', 'x.norm()'), ('sum_of_t', 'x[0].t().sum(0)'), ('mean_of_slice', 'x[:, ::2].mean(1)')]:
    case(nm, R, ex, tol='close')
for nm, ex in [('max_all', 'x.max()'), ('min_all', 'x.min()'), ('max_dim_values', 'x.max(1)[0]'),
               ('max_dim_indices', 'x.max(1)[1]'), ('max_dim_kw_keepdim', 'x.max(dim=2, keepdim=True).values'),
               ('min_dim_values', 'x.min(0).values'), ('min_dim_indices', 'x.min(0).indices'),
               ('torch_max_dim', 'torch.max(x, -1)[0]'), ('argmax_all', 'x.argmax()'),
               ('argmax_dim', 'x.argmax(1)'), ('argmin_dim_keepdim', 'x.argmin(0, keepdim=True)'),
               ('torch_argmax', 'torch.argmax(x, dim=2)'), ('argmin_all', 'x.argmin()')]:
    case(nm, R, ex)
case('max_dim_tuple', R, 'x.max(2)')
case('min_dim_tuple', R, 'torch.min(x, 1)')
TIE = 'x = torch.tensor([[2., 2., 1.], [0., 3., 3.]], requires_grad=True)'
case('max_all_ties', TIE, 'x.max()')
case('min_all_ties', 'x = torch.tensor([1., 0., 0., 5.], requires_grad=True)', 'x.min()')
case('max_dim_ties', TIE, 'x.max(1)[0]')
case('max_dim_ties_indices', TIE, 'x.max(1)[1]')
case('argmax_ties', TIE, 'x.argmax(1)')
case('argmax_all_ties', TIE, 'x.argmax()')
case('argmin_ties', 'x = torch.tensor([3., 1., 1.])', 'x.argmin()')
case('max_nan', '', 'torch.tensor([1., float("nan"), 3.]).max()', note='NaN payloads differ between kernel sets: compare NaN as NaN', avx2=True)
case('argmax_nan', '', 'torch.tensor([1., float("nan"), 3.]).argmax()')
case('prod_with_zero', 'x = torch.tensor([2., 0., 3.], requires_grad=True)', 'x.prod()')
case('prod_with_two_zeros', 'x = torch.tensor([2., 0., 0.], requires_grad=True)', 'x.prod()')
case('prod_dim_with_zero', 'x = torch.tensor([[2., 0.], [3., 4.]], requires_grad=True)', 'x.prod(1)')
case('sum_int', 'i = torch.arange(12).view(3, 4)', 'i.sum(0)')
case('sum_int_all', 'i = torch.arange(12).view(3, 4)', 'i.sum()')
case('sum_bool', 'b = torch.tensor([[True, False], [True, True]])', 'b.sum()')
case('sum_bool_dim', 'b = torch.tensor([[True, False], [True, True]])', 'b.sum(1)')
case('max_int', 'i = torch.tensor([[3, 9], [7, 1]])', 'i.max()')
case('max_int_dim', 'i = torch.tensor([[3, 9], [7, 1]])', 'i.max(0)')
case('prod_int', 'i = torch.tensor([2, 3, 4])', 'i.prod()')
case('sum_empty', '', 'torch.zeros(0).sum()')
case('mean_empty_nan', '', 'torch.zeros(0).mean()')
case('std_single_nan', '', 'torch.tensor([1.]).std()')
case('sum_exact_small', 'x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)', 'x.sum(1)')
case('mean_exact_small', 'x = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)', 'x.mean()')

# --------------------------------------------------------------------------------------------
# cat / stack / split / chunk
# --------------------------------------------------------------------------------------------
CS = S0 + 'a = torch.randn(2, 3, requires_grad=True)\nb = torch.randn(2, 3, requires_grad=True)\nc = torch.randn(1, 3, requires_grad=True)'
case('cat_0', CS, 'torch.cat([a, b])')
case('cat_1', CS, 'torch.cat([a, b], dim=1)')
case('cat_neg', CS, 'torch.cat((a, b, a), -1)')
case('cat_uneven', CS, 'torch.cat([a, c, b], 0)')
case('cat_tuple_one', CS, 'torch.cat((a,))')
case('stack_0', CS, 'torch.stack([a, b])')
case('stack_1', CS, 'torch.stack([a, b], dim=1)')
case('stack_neg', CS, 'torch.stack((a, b, a), -1)')
case('cat_int', 'i = torch.arange(3)', 'torch.cat([i, i * 10])')
SP = rn('x', 5, 4)
case('split_2', SP, 'torch.split(x, 2)')
case('split_method', SP, 'x.split(3)')
case('split_sizes', SP, 'torch.split(x, [1, 3], dim=1)')
case('split_part_grad', SP, 'torch.split(x, 2)[1]')
case('chunk_3', SP, 'torch.chunk(x, 3)')
case('chunk_method_dim1', SP, 'x.chunk(2, dim=1)')
case('chunk_uneven', 'x = torch.arange(6)', 'x.chunk(4)')
case('chunk_part_grad', SP, 'x.chunk(2, 1)[0]')
case('unbind', SP, 'x.unbind(1)')

# --------------------------------------------------------------------------------------------
# dtype conversions
# --------------------------------------------------------------------------------------------
DC = 'f = torch.tensor([1.5, -1.5, 2.7, -0.2, 0., 1e10])\ni = torch.tensor([3, -2, 0])\nb = torch.tensor([True, False])'
for nm, ex in [('float_to_long', 'f.long()'), ('float_to_int64_to', 'f.to(torch.int64)'),
               ('float_to_bool', 'f.bool()'), ('long_to_float', 'i.float()'), ('long_to_bool', 'i.bool()'),
               ('bool_to_float', 'b.float()'), ('bool_to_long', 'b.long()'),
               ('type_float', 'i.type(torch.float32)'), ('to_float32', 'i.to(torch.float32)'),
               ('to_same_dtype', 'f.to(torch.float32)'), ('float_of_float', 'f.float()'),
               ('long_of_long', 'i.long()'), ('round', 'f.round()'), ('floor', 'f.floor()'),
               ('ceil', 'f.ceil()'), ('trunc', 'f.trunc()'),
               ('round_half_even', 'torch.tensor([0.5, 1.5, 2.5, -0.5]).round()'),
               ('large_int_to_float', 'torch.tensor([16777217, 2 ** 40 + 1]).float()')]:
    case('dtype_' + nm, DC, ex)
case('float_grad_through_to', rn('x', 3), 'x.to(torch.float32) * 2')

# --------------------------------------------------------------------------------------------
# matmul family
# --------------------------------------------------------------------------------------------
MM = S0 + 'a = torch.randn(3, 4, requires_grad=True)\nb = torch.randn(4, 5, requires_grad=True)'
case('mm', MM, 'torch.mm(a, b)', tol='close')
case('mm_method', MM, 'a.mm(b)', tol='close')
case('matmul_2d', MM, 'torch.matmul(a, b)', tol='close')
case('matmul_t_noncontig', MM, 'b.t() @ a.t()', tol='close')
case('matmul_1d_1d', S0 + 'v = torch.randn(4, requires_grad=True)\nw = torch.randn(4, requires_grad=True)', 'v @ w', tol='close')
case('matmul_2d_1d', S0 + 'a = torch.randn(3, 4, requires_grad=True)\nv = torch.randn(4, requires_grad=True)', 'a @ v', tol='close')
case('matmul_1d_2d', S0 + 'v = torch.randn(3, requires_grad=True)\na = torch.randn(3, 4, requires_grad=True)', 'v @ a', tol='close')
case('matmul_3d_3d', S0 + 'a = torch.randn(2, 3, 4, requires_grad=True)\nb = torch.randn(2, 4, 5, requires_grad=True)', 'a @ b', tol='close')
case('matmul_3d_2d', S0 + 'a = torch.randn(2, 3, 4, requires_grad=True)\nb = torch.randn(4, 5, requires_grad=True)', 'torch.matmul(a, b)', tol='close')
case('matmul_2d_3d_broadcast', S0 + 'a = torch.randn(3, 4, requires_grad=True)\nb = torch.randn(2, 4, 5, requires_grad=True)', 'a @ b', tol='close')
case('matmul_4d_broadcast', S0 + 'a = torch.randn(2, 1, 3, 4, requires_grad=True)\nb = torch.randn(3, 4, 2, requires_grad=True)', 'a @ b', tol='close')
case('matmul_int', 'a = torch.arange(6).view(2, 3)\nb = torch.arange(6).view(3, 2)', 'a @ b')
case('bmm', S0 + 'a = torch.randn(2, 3, 4, requires_grad=True)\nb = torch.randn(2, 4, 2, requires_grad=True)', 'torch.bmm(a, b)', tol='close')
AM = S0 + 'c = torch.randn(5, requires_grad=True)\na = torch.randn(3, 4, requires_grad=True)\nb = torch.randn(4, 5, requires_grad=True)'
case('addmm', AM, 'torch.addmm(c, a, b)', tol='close')
case('addmm_beta_alpha', AM, 'torch.addmm(c, a, b, beta=0.5, alpha=2)', tol='close')
case('addmm_2d_bias', S0 + 'c = torch.randn(3, 5, requires_grad=True)\na = torch.randn(3, 4, requires_grad=True)\nb = torch.randn(4, 5, requires_grad=True)', 'torch.addmm(c, a, b)', tol='close')
LIN = S0 + 'w = torch.randn(5, 4, requires_grad=True)\nbias = torch.randn(5, requires_grad=True)\n'
case('linear_2d_bias', LIN + 'x = torch.randn(3, 4, requires_grad=True)', 'F.linear(x, w, bias)', tol='close')
case('linear_2d_nobias', LIN + 'x = torch.randn(3, 4, requires_grad=True)', 'F.linear(x, w)', tol='close')
case('linear_1d_bias', LIN + 'x = torch.randn(4, requires_grad=True)', 'F.linear(x, w, bias)', tol='close')
case('linear_1d_nobias', LIN + 'x = torch.randn(4, requires_grad=True)', 'F.linear(x, w)', tol='close')
case('linear_3d_bias', LIN + 'x = torch.randn(2, 3, 4, requires_grad=True)', 'F.linear(x, w, bias)', tol='close')
case('linear_noncontig_input', LIN + 'x = torch.randn(4, 3, requires_grad=True)', 'F.linear(x.t(), w, bias)', tol='close')
case('mm_exact_small', 'a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = torch.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)', 'a @ b')

# --------------------------------------------------------------------------------------------
# conv2d
# --------------------------------------------------------------------------------------------
def conv_setup(n, cin, h, w, cout, kh, kw, groups=1, bias=True, batched=True):
    s = S0 + (f'x = torch.randn({n}, {cin}, {h}, {w}, requires_grad=True)\n' if batched
              else f'x = torch.randn({cin}, {h}, {w}, requires_grad=True)\n')
    s += f'w = torch.randn({cout}, {cin // groups}, {kh}, {kw}, requires_grad=True)\n'
    if bias:
        s += f'b = torch.randn({cout}, requires_grad=True)\n'
    return s


C1 = conv_setup(2, 3, 7, 7, 4, 3, 3)
case('conv2d_basic', C1, 'F.conv2d(x, w, b)', tol='close')
case('conv2d_no_bias', C1, 'F.conv2d(x, w)', tol='close')
case('conv2d_bias_none_kw', C1, 'F.conv2d(x, w, bias=None)', tol='close')
case('conv2d_stride2_pad1', C1, 'F.conv2d(x, w, stride=2, padding=1)', tol='close')
case('conv2d_stride_tuple', C1, 'F.conv2d(x, w, b, stride=(1, 2))', tol='close')
case('conv2d_pad_tuple', C1, 'F.conv2d(x, w, b, padding=(1, 2))', tol='close')
case('conv2d_pad_same', C1, "F.conv2d(x, w, b, padding='same')", tol='close')
case('conv2d_pad_valid', C1, "F.conv2d(x, w, b, padding='valid')", tol='close')
case('conv2d_dilation2', C1, 'F.conv2d(x, w, b, dilation=2)', tol='close')
case('conv2d_dilation_pad', C1, 'F.conv2d(x, w, b, padding=2, dilation=2)', tol='close')
case('conv2d_same_dilation', C1, "F.conv2d(x, w, b, padding='same', dilation=2)", tol='close')
case('conv2d_stride3_uneven', C1, 'F.conv2d(x, w, b, stride=3)', tol='close')
case('conv2d_all_options', C1, 'F.conv2d(x, w, b, stride=(2, 1), padding=(2, 0), dilation=(1, 2))', tol='close')
C2 = conv_setup(2, 4, 6, 6, 6, 3, 3, groups=2)
case('conv2d_groups2', C2, 'F.conv2d(x, w, b, groups=2)', tol='close')
C3 = conv_setup(1, 3, 5, 5, 3, 3, 3, groups=3)
case('conv2d_depthwise', C3, 'F.conv2d(x, w, b, padding=1, groups=3)', tol='close')
C4 = conv_setup(2, 2, 6, 5, 3, 2, 3)
case('conv2d_rect_kernel', C4, 'F.conv2d(x, w, b)', tol='close')
case('conv2d_even_same', C4, "F.conv2d(x, w, b, padding='same')", tol='close')
C5 = conv_setup(2, 3, 4, 4, 5, 1, 1)
case('conv2d_1x1', C5, 'F.conv2d(x, w, b)', tol='close')
C6 = conv_setup(1, 1, 6, 6, 6, 3, 3, batched=False)
case('conv2d_unbatched', C6, 'F.conv2d(x, w, b)', tol='close')
case('conv2d_unbatched_pad', C6, 'F.conv2d(x, w, b, padding=1, stride=2)', tol='close')
case('conv2d_noncontig_input', conv_setup(2, 3, 6, 6, 2, 3, 3), 'F.conv2d(x.transpose(2, 3), w, b)', tol='close')
case('conv2d_lenet_conv1', S0 + 'x = torch.randn(1, 1, 32, 32, requires_grad=True)\nw = torch.randn(6, 1, 3, 3, requires_grad=True)\nb = torch.randn(6, requires_grad=True)', 'F.conv2d(x, w, b)', tol='close')
case('conv2d_exact_small', 'x = torch.arange(16.).view(1, 1, 4, 4)\nw = torch.tensor([[[[1., 0.], [0., -1.]]]])', 'F.conv2d(x, w, padding=1)')
case('conv2d_exact_dilation', 'x = torch.arange(16.).view(1, 1, 4, 4)\nw = torch.tensor([[[[1., 0.], [0., -1.]]]])', 'F.conv2d(x, w, dilation=2)')

# --------------------------------------------------------------------------------------------
# F.pad
# --------------------------------------------------------------------------------------------
PD = rn('x', 1, 2, 3, 4)
case('pad_constant_last', PD, 'F.pad(x, (1, 1))', tol='close')
case('pad_constant_4', PD, 'F.pad(x, (1, 2, 0, 1))', tol='close')
case('pad_constant_value', PD, 'F.pad(x, (1, 1, 1, 1), value=2.5)', tol='close')
case('pad_constant_mode_kw', PD, "F.pad(x, (0, 1, 2, 0), mode='constant', value=-1.)", tol='close')
case('pad_negative_crop', PD, 'F.pad(x, (-1, 0, 0, -1))', tol='close')
case('pad_constant_channels', PD, 'F.pad(x, (0, 0, 0, 0, 1, 1))', tol='close')
case('pad_reflect', PD, "F.pad(x, (1, 1, 1, 1), mode='reflect')", tol='close')
case('pad_reflect_uneven', PD, "F.pad(x, (3, 0, 2, 1), mode='reflect')", tol='close')
case('pad_replicate', PD, "F.pad(x, (1, 1, 1, 1), mode='replicate')", tol='close')
case('pad_replicate_uneven', PD, "F.pad(x, (0, 3, 2, 0), mode='replicate')", tol='close')
case('pad_circular', PD, "F.pad(x, (1, 1, 1, 1), mode='circular')", tol='close')
case('pad_circular_uneven', PD, "F.pad(x, (2, 0, 0, 3), mode='circular')", tol='close')
case('pad_reflect_3d_input', rn('x', 2, 3, 4), "F.pad(x, (2, 1, 1, 2), mode='reflect')", tol='close')
case('pad_exact_doc', 'x = torch.arange(9.).view(1, 1, 3, 3)', "F.pad(x, (1, 1, 1, 1), mode='reflect')")
case('pad_int_tensor', 'x = torch.arange(4).view(1, 2, 2)', 'F.pad(x, (1, 0), value=7)')

# --------------------------------------------------------------------------------------------
# max_pool2d
# --------------------------------------------------------------------------------------------
MP = rn('x', 2, 3, 7, 7)
case('max_pool2d_2', MP, 'F.max_pool2d(x, 2)')
case('max_pool2d_tuple_kernel', MP, 'F.max_pool2d(x, (2, 2))')
case('max_pool2d_3_s1', MP, 'F.max_pool2d(x, 3, stride=1)', tol='close')
case('max_pool2d_3_s2_p1', MP, 'F.max_pool2d(x, 3, stride=2, padding=1)', tol='close')
case('max_pool2d_dilation', MP, 'F.max_pool2d(x, 2, stride=1, dilation=2)', tol='close')
case('max_pool2d_ceil', MP, 'F.max_pool2d(x, 2, ceil_mode=True)')
case('max_pool2d_ceil_pad', MP, 'F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)', tol='close')
case('max_pool2d_rect', MP, 'F.max_pool2d(x, (2, 3), stride=(1, 2))', tol='close')
case('max_pool2d_return_indices', MP, 'F.max_pool2d(x, 2, return_indices=True)')
case('max_pool2d_indices_padded', MP, 'F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)[1]')
case('max_pool2d_values_grad', MP, 'F.max_pool2d(x, 3, 2, 1, return_indices=True)[0]', tol='close')
case('max_pool2d_unbatched', rn('x', 2, 5, 5), 'F.max_pool2d(x, 2)')
case('max_pool2d_ties', 'x = torch.tensor([[[[1., 1.], [1., 1.]]]], requires_grad=True)', 'F.max_pool2d(x, 2)')
case('max_pool2d_ties_overlap', 'x = torch.tensor([[[[1., 3., 3.], [3., 2., 0.], [0., 1., 3.]]]], requires_grad=True)', 'F.max_pool2d(x, 2, stride=1)')
case('max_pool2d_ties_indices', 'x = torch.tensor([[[[1., 3., 3.], [3., 2., 0.], [0., 1., 3.]]]])', 'F.max_pool2d(x, 2, stride=1, return_indices=True)[1]')
case('max_pool2d_nan', 'x = torch.tensor([[[[1., float("nan")], [5., 2.]]]])', 'F.max_pool2d(x, 2, return_indices=True)')
case('max_pool2d_neg_padding', 'x = torch.tensor([[[[-1., -2.], [-3., -4.]]]])', 'F.max_pool2d(x, 2, padding=1, return_indices=True)')
case('max_pool2d_ceil_doc', 'x = torch.arange(25.).view(1, 1, 5, 5)', 'F.max_pool2d(x, 2, stride=2, padding=1, ceil_mode=True)')
case('max_pool2d_noncontig', rn('x', 1, 2, 6, 6), 'F.max_pool2d(x.transpose(2, 3), 2)')
case('max_pool2d_lenet', rn('x', 1, 6, 30, 30), 'F.max_pool2d(F.relu(x), (2, 2))')

# --------------------------------------------------------------------------------------------
# avg_pool2d, adaptive_avg_pool2d
# --------------------------------------------------------------------------------------------
case('avg_pool2d_2', MP, 'F.avg_pool2d(x, 2)', tol='close')
case('avg_pool2d_3_s1', MP, 'F.avg_pool2d(x, 3, stride=1)', tol='close')
case('avg_pool2d_pad', MP, 'F.avg_pool2d(x, 3, stride=2, padding=1)', tol='close')
case('avg_pool2d_pad_no_count', MP, 'F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)', tol='close')
case('avg_pool2d_ceil', MP, 'F.avg_pool2d(x, 2, ceil_mode=True)', tol='close')
case('avg_pool2d_ceil_pad', MP, 'F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)', tol='close')
case('avg_pool2d_ceil_pad_no_count', MP, 'F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)', tol='close')
case('avg_pool2d_divisor', MP, 'F.avg_pool2d(x, 2, divisor_override=3)', tol='close')
case('avg_pool2d_divisor_pad', MP, 'F.avg_pool2d(x, 3, stride=2, padding=1, divisor_override=5)', tol='close')
case('avg_pool2d_rect', MP, 'F.avg_pool2d(x, (3, 2), stride=(2, 1), padding=(1, 0))', tol='close')
case('avg_pool2d_unbatched', rn('x', 2, 5, 5), 'F.avg_pool2d(x, 2)', tol='close')
case('avg_pool2d_doc_pad', 'y = torch.ones(1, 1, 3, 3)', 'F.avg_pool2d(y, 2, stride=2, padding=1)')
case('avg_pool2d_doc_pad_no_count', 'y = torch.ones(1, 1, 3, 3)', 'F.avg_pool2d(y, 2, stride=2, padding=1, count_include_pad=False)')
case('avg_pool2d_doc_ceil', 'z = torch.ones(1, 1, 4, 4)', 'F.avg_pool2d(z, 3, stride=2, padding=1, ceil_mode=True)', tol='close')
case('adaptive_avg_pool2d_1', MP, 'F.adaptive_avg_pool2d(x, 1)', tol='close')
case('adaptive_avg_pool2d_tuple', MP, 'F.adaptive_avg_pool2d(x, (2, 3))', tol='close')
case('adaptive_avg_pool2d_3', MP, 'F.adaptive_avg_pool2d(x, 3)', tol='close')
case('adaptive_avg_pool2d_5', MP, 'F.adaptive_avg_pool2d(x, 5)', tol='close')
case('adaptive_avg_pool2d_same', MP, 'F.adaptive_avg_pool2d(x, 7)', tol='close')
case('adaptive_avg_pool2d_none', MP, 'F.adaptive_avg_pool2d(x, (None, 2))', tol='close')
case('adaptive_avg_pool2d_unbatched', rn('x', 2, 5, 5), 'F.adaptive_avg_pool2d(x, 2)', tol='close')

# --------------------------------------------------------------------------------------------
# activations
# --------------------------------------------------------------------------------------------
A = rn('x', 3, 5)
KINK = 'x = torch.tensor([-1., 0., 2.], requires_grad=True)'
case('relu', A, 'F.relu(x)')
case('torch_relu', A, 'torch.relu(x)')
case('relu_kink', KINK, 'F.relu(x)')
case('leaky_relu_default', A, 'F.leaky_relu(x)')
case('leaky_relu_01', A, 'F.leaky_relu(x, 0.1)')
case('leaky_relu_kw', A, 'F.leaky_relu(x, negative_slope=0.2)')
case('leaky_relu_kink', KINK, 'F.leaky_relu(x, 0.1)')
case('abs_kink', KINK, 'x.abs()')
case('clamp_min_kink', KINK, 'x.clamp(min=0)')
case('clamp_both_kink', KINK, 'x.clamp(0, 1)')
case('sigmoid', A, 'torch.sigmoid(x)', tol='close')
case('sigmoid_F', A, 'F.sigmoid(x)', tol='close')
case('sigmoid_kink', KINK, 'torch.sigmoid(x)', tol='close')
case('sigmoid_extreme', 'x = torch.tensor([-100., -20., 0., 20., 100.], requires_grad=True)', 'torch.sigmoid(x)', tol='close')
case('tanh', A, 'torch.tanh(x)', tol='close')
case('tanh_F', A, 'F.tanh(x)', tol='close')
case('tanh_extreme', 'x = torch.tensor([-20., -1e-4, 0., 1e-4, 20.], requires_grad=True)', 'torch.tanh(x)', tol='close')
case('gelu', A, 'F.gelu(x)', tol='close')
case('gelu_tanh', A, "F.gelu(x, approximate='tanh')", tol='close')
case('softmax_1', A, 'F.softmax(x, dim=1)', tol='close')
case('softmax_0', A, 'F.softmax(x, dim=0)', tol='close')
case('softmax_neg', rn('x', 2, 3, 4), 'F.softmax(x, -1)', tol='close')
case('softmax_mid', rn('x', 2, 3, 4), 'torch.softmax(x, 1)', tol='close')
case('softmax_method', A, 'x.softmax(1)', tol='close')
case('softmax_large', 'x = torch.tensor([[1000., 0., -1000.], [1., 1., 1.]], requires_grad=True)', 'F.softmax(x, dim=1)', tol='close')
case('log_softmax_1', A, 'F.log_softmax(x, dim=1)', tol='close')
case('log_softmax_0', A, 'F.log_softmax(x, 0)', tol='close')
case('log_softmax_method', rn('x', 2, 3, 4), 'x.log_softmax(-1)', tol='close')
case('log_softmax_large', 'x = torch.tensor([[1000., 0.], [-5., 5.]], requires_grad=True)', 'F.log_softmax(x, dim=1)', tol='close')
case('softmax_noncontig', A, 'F.softmax(x.t(), dim=1)', tol='close')
case('relu_noncontig', A, 'F.relu(x.t())')
case('sigmoid_noncontig', A, 'torch.sigmoid(x.t()[::2])', tol='close')

# --------------------------------------------------------------------------------------------
# losses
# --------------------------------------------------------------------------------------------
REDS = ['mean', 'sum', 'none']
LR = S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.randn(3, 4, requires_grad=True)'
for r in REDS:
    case(f'mse_{r}', LR, f"F.mse_loss(x, y, reduction='{r}')", tol='close')
    case(f'l1_{r}', LR, f"F.l1_loss(x, y, reduction='{r}')", tol='close')
case('mse_default', LR, 'F.mse_loss(x, y)', tol='close')
case('mse_broadcast_warning', S0 + 'x = torch.randn(1, 10, requires_grad=True)\ny = torch.randn(10)', 'F.mse_loss(x, y)', tol='close')
case('mse_broadcast_2x2', 'o = torch.tensor([[1., 2.]], requires_grad=True)\nt = torch.tensor([[1.], [3.]])', 'F.mse_loss(o, t)', tol='close')
case('mse_int_target', 'x = torch.tensor([1., 2., 4.], requires_grad=True)\ny = torch.tensor([1, 0, 0])', 'F.mse_loss(x, y)', tol='close')
case('mse_doc', 'a = torch.tensor([1., 2., 3.])\nb = torch.tensor([1., 0., 0.])', 'F.mse_loss(a, b)', tol='close')
case('l1_kink', 'x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = torch.tensor([1., 0., 4.])', "F.l1_loss(x, y, reduction='sum')")
NLL = S0 + 'x = torch.randn(4, 5, requires_grad=True)\nt = torch.tensor([1, 0, 4, 2])\nw = torch.tensor([1., 2., 0.5, 1., 3.])'
for r in REDS:
    case(f'nll_{r}', NLL, f"F.nll_loss(F.log_softmax(x, 1), t, reduction='{r}')", tol='close')
    case(f'nll_weight_{r}', NLL, f"F.nll_loss(x, t, weight=w, reduction='{r}')", tol='close')
    case(f'cross_entropy_{r}', NLL, f"F.cross_entropy(x, t, reduction='{r}')", tol='close')
    case(f'cross_entropy_weight_{r}', NLL, f"F.cross_entropy(x, t, weight=w, reduction='{r}')", tol='close')
    case(f'cross_entropy_smooth_{r}', NLL, f"F.cross_entropy(x, t, label_smoothing=0.1, reduction='{r}')", tol='close')
    case(f'cross_entropy_smooth_weight_{r}', NLL, f"F.cross_entropy(x, t, weight=w, label_smoothing=0.2, reduction='{r}')", tol='close')
    case(f'cross_entropy_probs_{r}', NLL + '\np = torch.softmax(torch.randn(4, 5), 1)', f"F.cross_entropy(x, p, reduction='{r}')", tol='close')
case('nll_raw', NLL, 'F.nll_loss(x, t)', tol='close')
case('nll_ignore_index', NLL, 'F.nll_loss(x, torch.tensor([1, -100, 4, 2]))', tol='close')
case('nll_ignore_index_custom', NLL, 'F.nll_loss(x, t, ignore_index=4)', tol='close')
case('cross_entropy_ignore_index', NLL, 'F.cross_entropy(x, torch.tensor([1, -100, 4, -100]))', tol='close')
case('cross_entropy_ignore_weight', NLL, 'F.cross_entropy(x, torch.tensor([1, -100, 4, 2]), weight=w)', tol='close')
case('cross_entropy_unbatched', S0 + 'x = torch.randn(5, requires_grad=True)', 'F.cross_entropy(x, torch.tensor(3))', tol='close')
case('cross_entropy_unbatched_smooth', S0 + 'x = torch.randn(5, requires_grad=True)', 'F.cross_entropy(x, torch.tensor(3), label_smoothing=0.3)', tol='close')
case('cross_entropy_4d', S0 + 'x = torch.randn(2, 3, 2, 2, requires_grad=True)\nt = torch.tensor([[[0, 1], [2, 0]], [[1, 1], [2, 2]]])', 'F.cross_entropy(x, t)', tol='close')
case('cross_entropy_doc', 'logits = torch.tensor([[1., 2., 3.], [1., 2., 3.]], requires_grad=True)\ntarget = torch.tensor([2, 0])', 'F.cross_entropy(logits, target)', tol='close')
case('cross_entropy_huge_logit', '', 'F.cross_entropy(torch.tensor([[1000., 0.]]), torch.tensor([1]))', tol='close')
BCE = S0 + 'p = torch.rand(3, 4, requires_grad=True)\ny = torch.rand(3, 4)\nw = torch.rand(3, 4)'
for r in REDS:
    case(f'bce_{r}', BCE, f"F.binary_cross_entropy(p, y, reduction='{r}')", tol='close')
    case(f'bce_weight_{r}', BCE, f"F.binary_cross_entropy(p, y, weight=w, reduction='{r}')", tol='close')
case('bce_clamped_log', 'p = torch.tensor([0., 1., 0.5], requires_grad=True)\ny = torch.tensor([1., 0., 1.])', "F.binary_cross_entropy(p, y, reduction='none')", tol='close', backward=False)
BCL = S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.rand(3, 4)\nw = torch.rand(4)\npw = torch.tensor([1., 2., 0.5, 3.])'
for r in REDS:
    case(f'bce_logits_{r}', BCL, f"F.binary_cross_entropy_with_logits(x, y, reduction='{r}')", tol='close')
    case(f'bce_logits_weight_{r}', BCL, f"F.binary_cross_entropy_with_logits(x, y, weight=w, reduction='{r}')", tol='close')
    case(f'bce_logits_pos_weight_{r}', BCL, f"F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction='{r}')", tol='close')
case('bce_logits_extreme', 'x = torch.tensor([100., -100., 0.], requires_grad=True)\ny = torch.tensor([0., 1., 1.])', 'F.binary_cross_entropy_with_logits(x, y)', tol='close')

# --------------------------------------------------------------------------------------------
# batch_norm
# --------------------------------------------------------------------------------------------
BN4 = S0 + ('x = torch.randn(4, 3, 5, 5, requires_grad=True)\nw = torch.randn(3, requires_grad=True)\n'
            'b = torch.randn(3, requires_grad=True)\nrm = torch.randn(3)\nrv = torch.rand(3) + 0.5\n')
case('batch_norm_train_4d', BN4, 'F.batch_norm(x, rm, rv, w, b, training=True)', tol='close')
case('batch_norm_train_4d_running_mean', BN4 + 'y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1)', 'rm', tol='close')
case('batch_norm_train_4d_running_var', BN4 + 'y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1)', 'rv', tol='close')
case('batch_norm_train_no_affine', BN4, 'F.batch_norm(x, rm, rv, training=True)', tol='close')
case('batch_norm_train_no_running', BN4, 'F.batch_norm(x, None, None, w, b, training=True)', tol='close')
case('batch_norm_train_eps_momentum', BN4 + 'y = F.batch_norm(x, rm, rv, w, b, True, 0.3, 1e-3)', 'rv', tol='close')
case('batch_norm_eval_4d', BN4, 'F.batch_norm(x, rm, rv, w, b)', tol='close')
case('batch_norm_eval_no_affine', BN4, 'F.batch_norm(x, rm, rv, training=False, eps=0.1)', tol='close')
BN2 = S0 + ('x = torch.randn(6, 4, requires_grad=True)\nw = torch.randn(4, requires_grad=True)\n'
            'b = torch.randn(4, requires_grad=True)\nrm = torch.zeros(4)\nrv = torch.ones(4)\n')
case('batch_norm_train_2d', BN2, 'F.batch_norm(x, rm, rv, w, b, training=True)', tol='close')
case('batch_norm_train_2d_running_var', BN2 + 'y = F.batch_norm(x, rm, rv, w, b, training=True)', 'rv', tol='close')
case('batch_norm_eval_2d', BN2, 'F.batch_norm(x, rm, rv, w, b, training=False)', tol='close')
case('batch_norm_train_3d', S0 + 'x = torch.randn(2, 3, 4, requires_grad=True)\nrm = torch.zeros(3)\nrv = torch.ones(3)', 'F.batch_norm(x, rm, rv, training=True)', tol='close')
case('batch_norm_doc', 'x = torch.tensor([[1., 2., 3.], [3., 2., 1.]], requires_grad=True)\nrm = torch.zeros(3)\nrv = torch.ones(3)', 'F.batch_norm(x, rm, rv, training=True)', tol='close')

# --------------------------------------------------------------------------------------------
# autograd compositions (graphs of several ops, grads accumulate through shared inputs)
# --------------------------------------------------------------------------------------------
case('graph_shared_input', rn('x', 3, 4), '(x * x + x.exp() * 2).sum(1)', tol='close')
case('graph_reuse_twice', rn('x', 4), 'x * x * x', tol='close')
case('graph_lenet_head', S0 + 'x = torch.randn(2, 16, requires_grad=True)\nw1 = torch.randn(8, 16, requires_grad=True)\nb1 = torch.randn(8, requires_grad=True)\nw2 = torch.randn(3, 8, requires_grad=True)', 'F.linear(F.relu(F.linear(x, w1, b1)), w2)', tol='close')
case('graph_view_then_op', rn('x', 2, 6), '(x.view(3, 4) * torch.arange(4.)).t()', tol='close')
case('graph_detach_blocks', rn('x', 3), 'x * x.detach()')
case('graph_no_grad_part', S0 + 'x = torch.randn(3, requires_grad=True)\nwith torch.no_grad():\n    k = x * 2', 'x * k')
case('graph_clone', rn('x', 3), 'x.clone() * 2')
case('graph_mean_of_mse', S0 + 'x = torch.randn(1, 10, requires_grad=True)\nt = torch.randn(1, 10)', '((x - t) ** 2).mean()', tol='close')

# --------------------------------------------------------------------------------------------
# Python-value results (compared through repr)
# --------------------------------------------------------------------------------------------
case('repr_size', rn('x', 2, 3, rg=False), 'x.size()')
case('repr_shape_slice', rn('x', 2, 3, 4, rg=False), 'x.shape[1:]')
case('repr_size_dim', rn('x', 2, 3, rg=False), 'x.size(-1)')
case('repr_numel_dim', rn('x', 2, 3, rg=False), '(x.numel(), x.dim(), x.ndim)')
case('repr_item_float', '', 'torch.tensor(0.1).item()')
case('repr_item_int', '', 'torch.tensor([3]).item()')
case('repr_tolist', '', 'torch.tensor([[0.1, 0.25], [1., -2.]]).tolist()')
case('repr_tolist_int', '', 'torch.arange(4).view(2, 2).tolist()')
case('repr_float_conv', '', 'float(torch.tensor(1.1))')
case('repr_int_conv', '', 'int(torch.tensor(-3.9))')
case('repr_bool_conv', '', 'bool(torch.tensor(0.))')
case('repr_stride_t', 'x = torch.zeros(2, 3)', '(x.stride(), x.t().stride(), x.t().is_contiguous())')
case('repr_dtype', '', '(torch.zeros(1).dtype, torch.arange(2).dtype, (torch.zeros(1) > 0).dtype)')
case('repr_is_leaf', rn('x', 2), '(x.is_leaf, (x * 2).is_leaf, x.detach().is_leaf, x.requires_grad)')
case('repr_grad_fn_none', rn('x', 2), 'x.grad_fn')
case('repr_len', rn('x', 4, 2, rg=False), 'len(x)')

# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------
X23 = rn('x', 2, 3, rg=False)
err('err_view_invalid', X23, 'x.view(4)', 'RuntimeError', "shape '[4]' is invalid for input of size 6")
err('err_reshape_invalid', X23, 'x.reshape(5)', 'RuntimeError', "shape '[5]' is invalid for input of size 6")
err('err_view_invalid_infer', X23, 'x.view(4, -1)', 'RuntimeError', "shape '[4, -1]' is invalid for input of size 6")
err('err_view_lenet_400', rn('x', 1, 16, 6, 6, rg=False), 'x.view(-1, 16 * 5 * 5)', 'RuntimeError', "shape '[-1, 400]' is invalid for input of size 576")
err('err_view_two_infer', X23, 'x.view(-1, -1)', 'RuntimeError', 'only one dimension can be inferred')
err('err_view_noncontig', X23, 'x.t().view(6)', 'RuntimeError', "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
err('err_view_col_slice', 'x = torch.arange(6.).view(2, 3)', 'x[:, 1:].view(4)', 'RuntimeError', "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
err('err_broadcast', S0 + 'a = torch.randn(2, 3)\nb = torch.randn(3, 2)', 'a + b', 'RuntimeError', 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1')
err('err_broadcast_dim0', S0 + 'a = torch.randn(4, 3)\nb = torch.randn(2, 3)', 'a * b', 'RuntimeError', 'The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 0')
err('err_inplace_broadcast', '', 'torch.zeros(2).add_(torch.zeros(2, 2))', 'RuntimeError', "output with shape [2] doesn't match the broadcast shape [2, 2]")
err('err_mm_shapes', S0 + 'a = torch.randn(2, 3)\nb = torch.randn(2, 3)', 'a @ b', 'RuntimeError', 'mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)')
err('err_mm_fn', S0 + 'a = torch.randn(2, 3)\nb = torch.randn(2, 3)', 'torch.mm(a, b)', 'RuntimeError', None)
err('err_linear_nobias', S0 + 'x = torch.randn(1, 400)\nw = torch.randn(120, 576)', 'F.linear(x, w)', 'RuntimeError', 'mm: mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)')
err('err_linear_bias', S0 + 'x = torch.randn(1, 576)\nw = torch.randn(120, 400)\nb = torch.randn(120)', 'F.linear(x, w, b)', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (1x576 and 400x120)')
err('err_linear_1d', S0 + 'x = torch.randn(5)\nw = torch.randn(3, 4)\nb = torch.randn(3)', 'F.linear(x, w, b)', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (1x5 and 4x3)')
err('err_linear_long_input', S0 + 'w = torch.randn(3, 4)\nb = torch.randn(3)', 'F.linear(torch.tensor([[1, 2, 3, 4]]), w, b)', 'RuntimeError', 'mat1 and mat2 must have the same dtype, but got Long and Float')
err('err_matmul_1d', '', 'torch.ones(3) @ torch.ones(4)', 'RuntimeError', None)
err('err_bmm_batch', '', 'torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 5))', 'RuntimeError', None)
err('err_conv_channels', S0 + 'w = torch.randn(6, 1, 3, 3)', 'F.conv2d(torch.randn(1, 3, 32, 32), w)', 'RuntimeError', 'Given groups=1, weight of size [6, 1, 3, 3], expected input[1, 3, 32, 32] to have 1 channels, but got 3 channels instead')
err('err_conv_2d_input', S0 + 'w = torch.randn(6, 1, 3, 3)', 'F.conv2d(torch.randn(32, 32), w)', 'RuntimeError', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [32, 32]')
err('err_conv_kernel_too_big', S0 + 'w = torch.randn(6, 1, 3, 3)', 'F.conv2d(torch.randn(1, 1, 2, 2), w)', 'RuntimeError', "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size")
err('err_conv_same_strided', S0 + 'w = torch.randn(6, 1, 3, 3)', "F.conv2d(torch.randn(1, 1, 5, 5), w, stride=2, padding='same')", 'RuntimeError', "padding='same' is not supported for strided convolutions")
err('err_conv_bad_padding_string', S0 + 'w = torch.randn(6, 1, 3, 3)', "F.conv2d(torch.randn(1, 1, 5, 5), w, padding='full')", 'RuntimeError', "Invalid padding string: 'full'")
err('err_conv_groups_weight', S0 + 'w = torch.randn(6, 3, 3, 3)', 'F.conv2d(torch.randn(1, 4, 5, 5), w, groups=2)', 'RuntimeError', None)
err('err_conv_bias_size', S0 + 'w = torch.randn(6, 1, 3, 3)', 'F.conv2d(torch.randn(1, 1, 5, 5), w, torch.zeros(5))', 'RuntimeError', None)
err('err_max_pool_too_small', '', 'F.max_pool2d(torch.randn(1, 1, 1, 1), 2)', 'RuntimeError', 'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small')
err('err_avg_pool_too_small', '', 'F.avg_pool2d(torch.randn(1, 1, 1, 1), 2)', 'RuntimeError', 'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small')
err('err_max_pool_pad', '', 'F.max_pool2d(torch.randn(1, 1, 4, 4), 2, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1')
err('err_avg_pool_pad', '', 'F.avg_pool2d(torch.randn(1, 1, 4, 4), 2, padding=2)', 'RuntimeError', None)
err('err_max_pool_2d_input', '', 'F.max_pool2d(torch.randn(4, 4), 2)', 'RuntimeError', None)
err('err_pad_reflect_too_big', '', "F.pad(torch.randn(1, 1, 2, 2), (2, 2, 2, 2), mode='reflect')", 'RuntimeError', None)
err('err_pad_odd_length', '', 'F.pad(torch.randn(1, 1, 2, 2), (1, 1, 1))', 'RuntimeError', None)
err('err_cross_entropy_float_target', S0 + 'out = torch.randn(2, 10)', 'F.cross_entropy(out, torch.tensor([1., 3.]))', 'RuntimeError', 'expected target dtype to be Long or Byte, but got Float')
err('err_cross_entropy_out_of_bounds', S0 + 'out = torch.randn(2, 10)', 'F.cross_entropy(out, torch.tensor([1, 10]))', 'IndexError', 'Target 10 is out of bounds.')
err('err_cross_entropy_batch', S0 + 'out = torch.randn(2, 10)', 'F.cross_entropy(out, torch.tensor([1]))', 'ValueError', 'Expected input batch_size (2) to match target batch_size (1).')
err('err_cross_entropy_0d_target', S0 + 'out = torch.randn(2, 10)', 'F.cross_entropy(out, torch.tensor(1))', 'ValueError', 'Expected input batch_size (2) to match target batch_size (0).')
err('err_cross_entropy_multi_target', S0 + 'out = torch.randn(2, 10)', 'F.cross_entropy(out, torch.randn(2, 9))', 'RuntimeError', '0D or 1D target tensor expected, multi-target not supported')
err('err_nll_negative_target', S0 + 'out = torch.randn(2, 3)', 'F.nll_loss(out, torch.tensor([0, -1]))', 'IndexError', None)
err('err_mse_broadcast', S0 + 'out = torch.randn(1, 10)', 'F.mse_loss(out, torch.randn(5))', 'RuntimeError', 'The size of tensor a (10) must match the size of tensor b (5) at non-singleton dimension 1')
err('err_bce_out_of_range', '', 'F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.]))', 'RuntimeError', None)
err('err_bce_shape', '', 'F.binary_cross_entropy(torch.rand(2, 1), torch.rand(2))', 'ValueError', None)
err('err_size_dim', rn('x', 2, rg=False), 'x.size(5)', 'IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got 5)')
err('err_sum_dim', X23, 'x.sum(dim=2)', 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 2)')
err('err_softmax_dim', X23, 'F.softmax(x, dim=2)', 'IndexError', None)
err('err_transpose_dim', X23, 'x.transpose(0, 3)', 'IndexError', None)
err('err_index_bounds', rn('x', 3, rg=False), 'x[3]', 'IndexError', 'index 3 is out of bounds for dimension 0 with size 3')
err('err_index_bounds_neg', rn('x', 3, rg=False), 'x[-4]', 'IndexError', None)
err('err_index_too_many', rn('x', 3, rg=False), 'x[0, 0]', 'IndexError', None)
err('err_index_tensor_bounds', rn('x', 3, rg=False), 'x[torch.tensor([0, 5])]', 'IndexError', None)
err('err_mask_shape', rn('x', 3, rg=False), 'x[torch.tensor([True, False])]', 'IndexError', None)
err('err_item_many', rn('x', 10, rg=False), 'x.item()', 'RuntimeError', 'a Tensor with 10 elements cannot be converted to Scalar')
err('err_mean_long', '', 'torch.tensor([1, 2]).mean()', 'NotImplementedError', 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long')
err('err_cat_shapes', S0 + 'a = torch.randn(2, 3)\nb = torch.randn(2, 4)', 'torch.cat([a, b])', 'RuntimeError', None)
err('err_stack_shapes', S0 + 'a = torch.randn(2, 3)\nb = torch.randn(3, 2)', 'torch.stack([a, b])', 'RuntimeError', None)
err('err_expand', rn('x', 3, 2, rg=False), 'x.expand(3, 4)', 'RuntimeError', None)
err('err_squeeze_dim', rn('x', 3, 2, rg=False), 'x.unsqueeze(3)', 'IndexError', None)
err('err_permute_dims', rn('x', 3, 2, rg=False), 'x.permute(0)', 'RuntimeError', None)
err('err_requires_grad_int', '', 'torch.tensor([1, 2], requires_grad=True)', 'RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients')
err('err_requires_grad_long_method', '', 'torch.arange(3).requires_grad_()', 'RuntimeError', None)
err('err_backward_nonscalar', S0 + 'x = torch.randn(2, requires_grad=True)\ny = x * 2', 'y.backward()', 'RuntimeError', 'grad can be implicitly created only for scalar outputs')
err('err_backward_shape', S0 + 'x = torch.randn(2, requires_grad=True)\ny = x * 2', 'y.backward(torch.ones(3))', 'RuntimeError', 'Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).')
err('err_backward_no_grad', '', 'torch.ones(2).sum().backward()', 'RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn')
err('err_backward_twice', S0 + 'x = torch.randn(2, requires_grad=True)\ny = (x * x).sum()\ny.backward()', 'y.backward()', 'RuntimeError', 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.')
err('err_backward_twice_scalar_mul', S0 + 'x = torch.randn(2, requires_grad=True)\ny = (x * 3).sum()\ny.backward()', 'y.backward()', 'RuntimeError', None)
err('err_leaf_inplace', 'w = torch.ones(3, requires_grad=True)', 'w.sub_(1)', 'RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.')
err_stmt('err_leaf_inplace_isub', 'w = torch.ones(3, requires_grad=True)', 'w -= 1', 'RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.')
err_stmt('err_leaf_view_setitem', 'w = torch.ones(3, requires_grad=True)', 'w[0] = 5.', 'RuntimeError', 'a view of a leaf Variable that requires grad is being used in an in-place operation.')
err_stmt('err_requires_grad_nonleaf', 'w = torch.ones(3, requires_grad=True)\ny = w * 2', 'y.requires_grad = False', 'RuntimeError', "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
err('err_version_counter', 'a = torch.tensor([1., 2., 3.], requires_grad=True)\nc = a.sigmoid()\nc.detach().zero_()', 'c.sum().backward()', 'RuntimeError', 'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Sigmoid, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).')
err('err_setitem_shape', 'x = torch.zeros(2, 3)', 'x.copy_(torch.ones(4))', 'RuntimeError', None)
err_stmt('err_setitem_shape_stmt', 'x = torch.zeros(2, 3)', 'x[0] = torch.ones(4)', 'RuntimeError', None)
err('err_randn_negative', '', 'torch.randn(-1)', 'RuntimeError', None)
err('err_arange_zero_step', '', 'torch.arange(0, 5, 0)', 'RuntimeError', None)
err('err_tensor_ragged', '', 'torch.tensor([[1, 2], [3]])', 'ValueError', None)
err('err_float_tensor_to_int_multi', '', 'int(torch.tensor([1, 2]))', 'ValueError', None)
err('err_bool_ambiguous', '', 'bool(torch.tensor([1., 2.]))', 'RuntimeError', None)
err('err_attribute', rn('x', 2, rg=False), 'x.foo', 'AttributeError', "'Tensor' object has no attribute 'foo'")
err('err_relu_str', '', "F.relu('x')", 'TypeError', None)
err('err_split_size_zero', '', 'torch.ones(4).split(0)', 'RuntimeError', None)


# --------------------------------------------------------------------------------------------
# dtypes: creation, conversion, promotion, arithmetic, reductions, products and errors in every
# dtype nnrepl has (float64/32/16, bfloat16, int64/32/16/8, uint8, bool)
# --------------------------------------------------------------------------------------------
DT = ['float64', 'float16', 'bfloat16', 'int32', 'int16', 'int8', 'uint8']
for d in DT + ['float32', 'int64', 'bool']:
    case(f'dt_tensor_{d}', '', f'torch.tensor([[0, 1, 2], [3, 4, 5]], dtype=torch.{d})')
    case(f'dt_zeros_ones_{d}', '', f'torch.stack([torch.zeros(3, dtype=torch.{d}), torch.ones(3, dtype=torch.{d})])')
for d in ['float64', 'float16', 'bfloat16', 'int32', 'uint8']:
    case(f'dt_full_{d}', '', f'torch.full((2,), 7, dtype=torch.{d})')
    case(f'dt_arange_{d}', '', f'torch.arange(0, 10, 3, dtype=torch.{d})')
    case(f'dt_eye_{d}', '', f'torch.eye(3, 2, dtype=torch.{d})')
    case(f'dt_linspace_{d}', '', f'torch.linspace(0, 9, 7, dtype=torch.{d})')
case('dt_arange_float_step_int', '', 'torch.arange(0, 5, 1.5, dtype=torch.int32)')
case('dt_arange_half_steps', '', 'torch.arange(0, 1, 0.1, dtype=torch.float16)')
case('dt_arange_float64_steps', '', 'torch.arange(0, 1, 0.1, dtype=torch.float64)')
case('dt_linspace_int_steps', '', 'torch.linspace(0, 10, 5, dtype=torch.int64)')
case('dt_rand_float64', S0, 'torch.rand(5, dtype=torch.float64)')
case('dt_randn_float64_small', S0, 'torch.randn(5, dtype=torch.float64)')
case('dt_randn_float64_vectorised', S0, 'torch.randn(21, dtype=torch.float64)', tol='close')
case('dt_randn_float16', S0, 'torch.randn(32, dtype=torch.float16)')
case('dt_randint_float32', S0, 'torch.randint(0, 2, (6,), dtype=torch.float32)')
case('dt_randint_uint8', S0, 'torch.randint(0, 10, (6,), dtype=torch.uint8)')
case('dt_randperm_int32', S0, 'torch.randperm(5, dtype=torch.int32)')
case('dt_uniform_float64', S0 + 'x = torch.empty(4, dtype=torch.float64)', 'x.uniform_(-1, 1)')
case('dt_normal_float64_view', S0 + 'x = torch.zeros(4, 3, dtype=torch.float64)', 'x.t().normal_(2, 0.5)', tol='close')
case('dt_like', '', 'torch.ones_like(torch.zeros(2, dtype=torch.int16)) + torch.zeros_like(torch.ones(2, dtype=torch.int16))')
case('dt_full_like_int', '', 'torch.full_like(torch.ones(2, dtype=torch.int32), 2.7)')
case('dt_new_tensor', 'x = torch.ones(2, dtype=torch.int8)', 'x.new_tensor([1.9, -3])')
case('dt_new_full', 'x = torch.ones(2, dtype=torch.int32)', 'x.new_full((3,), 3.7)')
# inference
case('dt_infer_tensor_elements', '', 'torch.tensor([torch.tensor(1.5, dtype=torch.float64), 2])')
case('dt_infer_int_tensor_elements', '', 'torch.tensor([torch.tensor(1, dtype=torch.int32), 2])')
case('dt_legacy_long', '', 'torch.LongTensor([1.7, -2])')
case('dt_legacy_double', '', 'torch.DoubleTensor([[1, 2], [3, 4]])')
case('dt_legacy_byte', '', 'torch.ByteTensor([0, 255, -1])')
case('dt_legacy_sizes', '', 'torch.IntTensor(2, 3).shape', repr=True)
case('dt_legacy_empty', '', 'torch.BoolTensor()')
# conversions (float -> int truncation, wrap, NaN/inf, rounding into float16/bfloat16)
EDGES = "torch.tensor([300.7, -1.5, -129.9, 1e10, float('nan'), float('inf'), 255.9, 65536.5, 0.1, -0.0])"
for d in ['uint8', 'int8', 'int16', 'int32', 'int64', 'bool', 'float16', 'bfloat16', 'float64']:
    case(f'dt_convert_float32_to_{d}', '', f'{EDGES}.to(torch.{d})')
    case(f'dt_convert_float64_to_{d}', '', f'{EDGES}.double().to(torch.{d})')
case('dt_convert_int_wrap', '', 'torch.tensor([300, -1, 2 ** 40 + 5, -129]).to(torch.int8)')
case('dt_convert_uint8_to_int8', '', 'torch.tensor([0, 127, 128, 255], dtype=torch.uint8).char()')
case('dt_convert_large_int_to_float', '', 'torch.tensor([2 ** 53 + 1, 2 ** 60 + 2 ** 36]).float()')
case('dt_convert_half_to_int', '', 'torch.tensor([65504., -0.5, 1.5]).half().int()')
case('dt_convert_methods', 'x = torch.tensor([1.5, -2.7])', 'torch.stack([x.double().float(), x.half().float(), x.bfloat16().float(), x.int().float(), x.short().float(), x.char().float(), x.byte().float(), x.bool().float(), x.long().float()])')
case('dt_type_string', 'x = torch.tensor([1.5, -2.7])', "x.type('torch.DoubleTensor')")
case('dt_type_legacy', 'x = torch.tensor([1.5, -2.7])', 'x.type(torch.IntTensor)')
case('dt_to_other_tensor', 'x = torch.tensor([1.5, -2.7])', 'x.to(torch.tensor([1], dtype=torch.int16))')
case('dt_to_device_dtype', 'x = torch.tensor([1.5, -2.7])', "x.to('cpu', torch.float64)")
case('dt_type_query', 'x = torch.tensor([1.5])', '(x.type(), x.int().type(), x.half().type(), x.bool().type())', repr=True)
case('dt_element_size', '', '[torch.ones(1, dtype=d).element_size() for d in (torch.float64, torch.float16, torch.int32, torch.uint8, torch.bool)]', repr=True)
# promotion
case('dt_promote_types', '', '[torch.promote_types(a, b) for a in (torch.uint8, torch.int8, torch.float16, torch.bfloat16) for b in (torch.int8, torch.int16, torch.bfloat16, torch.float32)]', repr=True)
case('dt_result_type_scalars', '', '(torch.result_type(torch.tensor([1], dtype=torch.int32), 1.5), torch.result_type(torch.tensor([1], dtype=torch.int32), 5), torch.result_type(torch.tensor([1], dtype=torch.float16), 1.5), torch.result_type(2, 3.5))', repr=True)
case('dt_result_type_zero_dim', '', '(torch.result_type(torch.tensor([1], dtype=torch.int32), torch.tensor(1.5, dtype=torch.float64)), torch.result_type(torch.tensor([1.], dtype=torch.float16), torch.tensor(1., dtype=torch.float64)), torch.result_type(torch.tensor(2, dtype=torch.uint8), torch.tensor([1], dtype=torch.int8)))', repr=True)
case('dt_can_cast', '', '(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float16), torch.can_cast(torch.float64, torch.float16), torch.can_cast(torch.int64, torch.bool), torch.can_cast(torch.bool, torch.uint8))', repr=True)
case('dt_int32_plus_python_float', 'x = torch.tensor([1, 2, 3], dtype=torch.int32)', 'x + 1.5')
case('dt_int32_plus_python_int', 'x = torch.tensor([1, 2, 3], dtype=torch.int32)', 'x + 2 ** 31')
case('dt_int32_plus_0d_float64', 'x = torch.tensor([1, 2, 3], dtype=torch.int32)', 'x + torch.tensor(1.5, dtype=torch.float64)')
case('dt_int32_plus_0d_int64', 'x = torch.tensor([1, 2, 3], dtype=torch.int32)', 'x + torch.tensor(7)')
case('dt_half_plus_python_float', 'x = torch.tensor([1., 2., 3.]).half()', 'x + 0.1')
case('dt_half_times_0d_float32', 'x = torch.tensor([1., 2., 3.]).half()', 'torch.stack([x * torch.tensor(0.1), x / 0.3, x + torch.tensor(0.1), x - 0.3])')
case('dt_half_plus_float32', 'x = torch.tensor([1., 2., 3.]).half()', 'x + torch.tensor([0.1, 0.2, 0.3])')
case('dt_half_plus_bfloat16', 'x = torch.tensor([1., 2., 3.])', 'x.half() + x.bfloat16()')
case('dt_uint8_plus_int8', '', 'torch.tensor([200, 1], dtype=torch.uint8) + torch.tensor([100, -2], dtype=torch.int8)')
case('dt_float32_plus_float64', '', 'torch.tensor([0.1, 0.2]) + torch.tensor([0.1, 0.2], dtype=torch.float64)')
case('dt_bool_plus_bool', '', 'torch.tensor([True, False]) + torch.tensor([True, True])')
case('dt_bool_times_int', '', 'torch.tensor([True, False]) * 3')
case('dt_bool_plus_float', '', 'torch.tensor([True, False]) + 0.5')
case('dt_int_true_division', '', 'torch.tensor([1, 2, 7], dtype=torch.int16) / 2')
case('dt_cat_promotes', '', 'torch.cat([torch.tensor([1, 2], dtype=torch.uint8), torch.tensor([-1], dtype=torch.int8)])')
case('dt_stack_promotes', '', 'torch.stack([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([0.5, 1], dtype=torch.float64)])')
case('dt_where_promotes', '', 'torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int32), 2.5)')
case('dt_maximum_promotes', '', 'torch.maximum(torch.tensor([1, 5], dtype=torch.int32), torch.tensor([2., 3.]))')
case('dt_compare_mixed', '', 'torch.tensor([1, 2, 3], dtype=torch.int32) < torch.tensor([1.5, 2., 3.5], dtype=torch.float16)')
# arithmetic in each dtype
case('dt_uint8_wraps', 'u = torch.tensor([1, 2, 250], dtype=torch.uint8)', 'torch.stack([u - 5, -u, u + 10, u * 3])')
case('dt_int8_wraps', 'i = torch.tensor([100, -100, 127], dtype=torch.int8)', 'torch.stack([i + i, i * 2, -i, i.abs()])')
case('dt_int32_floor_div_rem', 'i = torch.tensor([7, -7, 6], dtype=torch.int32)', 'torch.stack([i // 2, i % 3, i // -4, i % -4])')
case('dt_float64_floor_div_rem', 'x = torch.tensor([7.5, -7.5, 0.3], dtype=torch.float64)', 'torch.stack([x // 2, x % 2, x // -0.1, x % -0.7])')
case('dt_int_pow', 'i = torch.tensor([2, -3, 5], dtype=torch.int32)', 'torch.stack([i ** 2, 2 ** i, i ** i])')
case('dt_int_pow_negative_tensor', '', 'torch.tensor([2, 1, -1, -1]) ** torch.tensor([-1, -2, -3, -2])')
case('dt_half_arith', 'h = torch.tensor([0.1, 1000., 3.3]).half()', 'torch.stack([h + h, h * h, h / 3, h - 0.05])')
case('dt_bfloat16_arith', 'b = torch.tensor([0.1, 1000., 3.3]).bfloat16()', 'torch.stack([b + b, b * b, b / 3, b - 0.05])')
case('dt_float64_arith', 'd = torch.tensor([0.1, 1000., 3.3], dtype=torch.float64)', 'torch.stack([d + 0.2, d * d, d / 3, d - 1e-20])')
case('dt_add_alpha_int', '', 'torch.add(torch.tensor([1, 2]), torch.tensor([3, 4]), alpha=3)')
case('dt_bitwise_int', 'a = torch.tensor([12, -3], dtype=torch.int16)', 'torch.stack([a & 10, a | 1, a ^ 7, ~a])')
case('dt_logical_bool_int_mix', '', 'torch.tensor([True, False]) & torch.tensor([3, 2])')
case('dt_unary_int_to_float', 'i = torch.tensor([1, 4, 9], dtype=torch.int32)', 'torch.stack([i.sqrt(), i.exp(), i.sigmoid(), i.sin()])', tol='close')
case('dt_unary_float64', 'd = torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64)', 'torch.stack([d.sqrt(), d.exp(), d.log(), d.tanh(), d.sigmoid(), d.sin()])', tol='close')
case('dt_unary_half', 'h = torch.tensor([0.5, 1.5, 2.5]).half()', 'torch.stack([h.sqrt(), h.exp(), h.log(), h.tanh(), h.sigmoid()])', tol='close')
case('dt_round_family_int', 'i = torch.tensor([-2, 0, 3], dtype=torch.int32)', 'torch.stack([i.round(), i.floor(), i.ceil(), i.trunc(), i.sign()])')
case('dt_round_family_half', 'h = torch.tensor([-2.5, 0.5, 3.7]).half()', 'torch.stack([h.round(), h.floor(), h.ceil(), h.trunc(), h.frac(), h.sign()])')
case('dt_clamp_int', 'i = torch.tensor([-5, 0, 7], dtype=torch.int32)', 'i.clamp(-1, 3)')
case('dt_clamp_int_float_bound', 'i = torch.tensor([-5, 0, 7], dtype=torch.int32)', 'i.clamp(max=2.5)')
case('dt_clamp_bool_to_int', '', 'torch.tensor([True, False]).clamp(0, 1)')
case('dt_relu_int', '', 'torch.relu(torch.tensor([-3, 0, 4], dtype=torch.int16))')
case('dt_square_bool', '', 'torch.tensor([True, False]).square()')
case('dt_masked_fill_int', 'x = torch.tensor([1, 2, 3], dtype=torch.int32)', 'x.masked_fill(x > 1, 2.5)')
case('dt_index_int32', 'x = torch.arange(6).view(3, 2)', 'x[torch.tensor([2, 0], dtype=torch.int32)]')
case('dt_gather_int32_index', 'x = torch.arange(6.).view(2, 3)', 'torch.gather(x, 1, torch.tensor([[2], [0]], dtype=torch.int32))')
case('dt_setitem_converts', 'x = torch.zeros(3, dtype=torch.int32)\nx[0] = 2.9\nx[1:] = torch.tensor([-1.5, 7.7])', 'x')
case('dt_inplace_float_into_half', 'h = torch.ones(3).half()\nh += torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)', 'h')
case('dt_inplace_int32_from_int64', 'x = torch.tensor([1, 2], dtype=torch.int32)\nx += torch.tensor([2 ** 40 + 1, 1])', 'x')
# reductions
case('dt_sum_ints', '', '[torch.tensor([100, 100, 100], dtype=d).sum() for d in (torch.int8, torch.uint8, torch.int32, torch.bool)]', repr=True)
case('dt_sum_half', '', 'torch.tensor([0.1, 0.2, 0.3, 1000.]).half().sum()')
case('dt_sum_float64', '', 'torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64).sum()')
case('dt_sum_dtype_arg', '', 'torch.tensor([1, 2, 3]).sum(dtype=torch.float64)')
case('dt_mean_float64_dim', '', 'torch.arange(6, dtype=torch.float64).view(2, 3).mean(1)')
case('dt_mean_dtype_arg', '', 'torch.tensor([1, 2]).mean(dtype=torch.float64)')
case('dt_prod_int', '', 'torch.tensor([[2, 3], [4, 5]], dtype=torch.int16).prod(1)')
case('dt_std_var_float64', 'd = torch.tensor([[1., 2., 4.], [0., 5., 5.]], dtype=torch.float64)', 'torch.stack([d.std(1), d.var(1)])', tol='close')
case('dt_max_min_int', 'x = torch.tensor([[3, -1, 7], [7, 2, 0]], dtype=torch.int32)', 'torch.stack([x.max(1).values, x.min(1).values, x.argmax(1), x.argmin(1)])')
case('dt_max_int64_large', '', 'torch.tensor([2 ** 60 + 1, 2 ** 60]).max()')
case('dt_max_bool', '', 'torch.tensor([False, True]).max()')
case('dt_cumsum_int32', '', 'torch.tensor([1, 2, 3], dtype=torch.int32).cumsum(0)')
case('dt_cumsum_float32_accumulates_in_double', '', 'torch.tensor([1e8, 1, -1e8, 1]).cumsum(0)')
case('dt_cumsum_half', '', 'torch.tensor([0.1, 0.2, 0.3]).half().cumsum(0)')
case('dt_sort_int', '', 'torch.sort(torch.tensor([3, -1, 2, -1], dtype=torch.int8), descending=True)')
case('dt_topk_float64', '', 'torch.topk(torch.tensor([0.1, 0.3, 0.2], dtype=torch.float64), 2)')
case('dt_norm_float64', '', 'torch.tensor([3., 4.], dtype=torch.float64).norm()')
case('dt_softmax_float64', '', 'torch.tensor([[1., 2., 3.]], dtype=torch.float64).softmax(1)', tol='close')
case('dt_softmax_half_last_dim', S0, 'torch.randn(4, 5).half().softmax(1)')
case('dt_softmax_half_dim0', S0, 'torch.randn(4, 5).half().softmax(0)')
case('dt_log_softmax_half_dim0', S0, 'torch.randn(4, 5).half().log_softmax(0)')
# matmul family
for d in ['int64', 'int32', 'int8', 'uint8', 'float64', 'float16', 'bfloat16']:
    case(f'dt_mm_{d}', '', f'torch.tensor([[1, 2], [3, 4]], dtype=torch.{d}) @ torch.tensor([[5, 6], [7, 8]], dtype=torch.{d})')
    case(f'dt_dot_mv_{d}', '', f'torch.stack([torch.tensor([[1, 2], [3, 4]], dtype=torch.{d}) @ torch.tensor([1, 2], dtype=torch.{d}), (torch.tensor([3, 4], dtype=torch.{d}) @ torch.tensor([1, 2], dtype=torch.{d})).expand(2)])')
case('dt_int8_product_wraps', '', 'torch.tensor([[100, 100]], dtype=torch.int8) @ torch.tensor([[100], [100]], dtype=torch.int8)')
case('dt_bmm_int', '', 'torch.bmm(torch.arange(8).view(2, 2, 2), torch.arange(8).view(2, 2, 2))')
case('dt_matmul_3d_int', '', 'torch.arange(12).view(2, 3, 2) @ torch.tensor([1, -1])')
case('dt_addmm_int_beta_alpha', '', 'torch.addmm(torch.ones(1, 1, dtype=torch.int64), torch.tensor([[1, 2, 3]]), torch.tensor([[1], [2], [3]]), beta=2, alpha=3)')
case('dt_linear_float64', S0 + 'w = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)\nb = torch.randn(2, dtype=torch.float64, requires_grad=True)\nx = torch.randn(4, 3, dtype=torch.float64)', 'F.linear(x, w, b)', tol='close')
case('dt_float64_grad_chain', S0 + 'x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)', '(x.sigmoid() * x).sum(1).sqrt()', tol='close')
case('dt_mixed_graph_grads', S0 + 'a = torch.randn(3, requires_grad=True)\nb = torch.randn(3, dtype=torch.float64, requires_grad=True)', 'a * b + a', tol='close')
case('dt_float64_matmul_grad', S0 + 'a = torch.randn(2, 3, 4, dtype=torch.float64, requires_grad=True)\nb = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)', 'a @ b', tol='close')
case('dt_float64_cross_entropy', S0 + 'x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)', 'F.cross_entropy(x, torch.tensor([0, 3, 1]))', tol='close')
case('dt_float64_bce', S0 + 'x = torch.rand(4, dtype=torch.float64, requires_grad=True)', 'F.binary_cross_entropy(x, torch.tensor([0., 1., 1., 0.], dtype=torch.float64))', tol='close')
case('dt_mse_promotes_target', S0 + 'x = torch.randn(4, requires_grad=True)', 'F.mse_loss(x, torch.tensor([0, 1, 2, 3]))', tol='close')
case('dt_cross_entropy_byte_target', S0 + 'x = torch.randn(2, 3, requires_grad=True)', 'F.cross_entropy(x, torch.tensor([0, 2], dtype=torch.uint8))', tol='close')
case('dt_conv_float64', S0 + 'x = torch.randn(1, 2, 5, 5, dtype=torch.float64, requires_grad=True)\nw = torch.randn(3, 2, 3, 3, dtype=torch.float64, requires_grad=True)', 'F.conv2d(x, w, padding=1)', tol='close')
case('dt_conv_int', '', 'F.conv2d(torch.arange(16).view(1, 1, 4, 4), torch.ones(1, 1, 2, 2, dtype=torch.int64))')
case('dt_max_pool_int', '', 'F.max_pool2d(torch.arange(16, dtype=torch.int32).view(1, 1, 4, 4), 2)')
case('dt_avg_pool_int_truncates', '', 'F.avg_pool2d(torch.tensor([[[[1, 2], [2, 2]]], [[[-1, -2], [-2, -2]]]]), 2)')
case('dt_batch_norm_float64', S0 + 'x = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)\nbn = nn.BatchNorm1d(3, dtype=torch.float64)', 'bn(x)', tol='close')
case('dt_linear_module_dtype', S0, 'nn.Linear(3, 2, dtype=torch.float64).weight')
case('dt_module_double', S0 + 'm = nn.Linear(3, 2).double()', 'm(torch.ones(1, 3, dtype=torch.float64))', tol='close')
# errors
for name, setup, expr, etype in [
    ('dot_mixed', '', 'torch.tensor([1, 2]) @ torch.tensor([1., 2.])', 'RuntimeError'),
    ('mv_mixed', '', 'torch.tensor([[1, 2], [3, 4]]) @ torch.tensor([1., 1.])', 'RuntimeError'),
    ('mm_mixed', '', 'torch.ones(2, 2, dtype=torch.float64) @ torch.ones(2, 2)', 'RuntimeError'),
    ('mm_int_half', '', 'torch.mm(torch.ones(1, 1, dtype=torch.int16), torch.ones(1, 1).half())', 'RuntimeError'),
    ('bmm_mixed', '', 'torch.bmm(torch.ones(1, 2, 2, dtype=torch.int64), torch.ones(1, 2, 2))', 'RuntimeError'),
    ('addmm_self', '', 'torch.addmm(torch.ones(1, 1), torch.ones(1, 2, dtype=torch.float64), torch.ones(2, 1, dtype=torch.float64))', 'RuntimeError'),
    ('dot_bool', '', 'torch.tensor([True]) @ torch.tensor([True])', 'NotImplementedError'),
    ('mm_bool', '', 'torch.ones(1, 1, dtype=torch.bool) @ torch.ones(1, 1, dtype=torch.bool)', 'NotImplementedError'),
    ('linear_double_input', S0 + 'm = nn.Linear(3, 2)', 'm(torch.ones(1, 3, dtype=torch.float64))', 'RuntimeError'),
    ('linear_int_input', S0 + 'm = nn.Linear(3, 2)', 'm(torch.ones(1, 3, dtype=torch.int32))', 'RuntimeError'),
    ('conv_double_input', S0 + 'c = nn.Conv2d(1, 2, 3)', 'c(torch.ones(1, 1, 4, 4, dtype=torch.float64))', 'RuntimeError'),
    ('conv_long_input_no_bias', S0 + 'c = nn.Conv2d(1, 2, 3, bias=False)', 'c(torch.ones(1, 1, 4, 4, dtype=torch.int64))', 'RuntimeError'),
    ('bce_long_target', '', 'nn.BCELoss()(torch.tensor([0.2, 0.8]), torch.tensor([1, 0]))', 'RuntimeError'),
    ('bce_double_target', '', 'nn.BCELoss()(torch.tensor([0.2, 0.8]), torch.tensor([1., 0.], dtype=torch.float64))', 'RuntimeError'),
    ('ce_int_target', '', 'F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1], dtype=torch.int32))', 'RuntimeError'),
    ('ce_float_target_shape', '', 'F.cross_entropy(torch.ones(2, 3), torch.tensor([0., 1.]))', 'RuntimeError'),
    ('nll_weight_dtype', '', 'F.nll_loss(torch.ones(2, 3), torch.tensor([0, 1]), weight=torch.ones(3, dtype=torch.float64))', 'RuntimeError'),
    ('mse_ints', '', 'F.mse_loss(torch.tensor([1, 2]), torch.tensor([1, 3]))', 'NotImplementedError'),
    ('bce_logits_long_target', '', 'nn.BCEWithLogitsLoss()(torch.tensor([0.2, 0.8]), torch.tensor([1, 0]))', 'RuntimeError'),
    ('softmax_long', '', 'torch.tensor([1, 2]).softmax(0)', 'NotImplementedError'),
    ('softmax_long_dim0', '', 'torch.tensor([[1, 2]]).softmax(0)', 'NotImplementedError'),
    ('log_softmax_bool', '', 'torch.tensor([True]).log_softmax(0)', 'NotImplementedError'),
    ('argmax_bool', '', 'torch.tensor([True, False]).argmax()', 'NotImplementedError'),
    ('mean_int', '', 'torch.tensor([1, 2]).mean()', 'NotImplementedError'),
    ('std_int', '', 'torch.tensor([1, 2]).std()', 'NotImplementedError'),
    ('norm_int', '', 'torch.tensor([1, 2]).norm()', 'NotImplementedError'),
    ('neg_bool', '', '-torch.tensor([True])', 'NotImplementedError'),
    ('sub_bool', '', 'torch.tensor([True]) - torch.tensor([False])', 'NotImplementedError'),
    ('sub_bool_int', '', 'torch.tensor([True]) - 1', 'NotImplementedError'),
    ('and_float', '', 'torch.tensor([1.]) & torch.tensor([1.])', 'NotImplementedError'),
    ('invert_float', '', '~torch.tensor([1.])', 'TypeError'),
    ('abs_bool', '', 'torch.tensor([True]).abs()', 'NotImplementedError'),
    ('relu_bool', '', 'torch.relu(torch.tensor([True]))', 'NotImplementedError'),
    ('leaky_relu_long', '', 'F.leaky_relu(torch.tensor([1]))', 'NotImplementedError'),
    ('gelu_long', '', 'F.gelu(torch.tensor([1]))', 'NotImplementedError'),
    ('floor_bool', '', 'torch.tensor([True]).floor()', 'NotImplementedError'),
    ('frac_long', '', 'torch.tensor([1]).frac()', 'NotImplementedError'),
    ('pow_bool', '', 'torch.tensor([True]) ** torch.tensor([True])', 'NotImplementedError'),
    ('int_negative_power', '', 'torch.tensor([2]) ** -1', 'RuntimeError'),
    ('floor_div_zero', '', 'torch.tensor([2], dtype=torch.int32) // 0', 'RuntimeError'),
    ('inplace_float_into_long', '', 'torch.tensor([1, 2]).add_(1.5)', 'RuntimeError'),
    ('inplace_long_into_bool', '', 'torch.tensor([True]).add_(1)', 'RuntimeError'),
    ('div_inplace_int', '', 'torch.tensor([1, 2]).div_(2)', 'RuntimeError'),
    ('alpha_float_int', '', 'torch.add(torch.tensor([1]), torch.tensor([1]), alpha=0.5)', 'RuntimeError'),
    ('requires_grad_int_factory', '', 'torch.tensor([1, 2], requires_grad=True)', 'RuntimeError'),
    ('requires_grad_int_method', '', 'torch.ones(2, dtype=torch.int32).requires_grad_()', 'RuntimeError'),
    ('randn_int', '', 'torch.randn(2, dtype=torch.int32)', 'NotImplementedError'),
    ('rand_long', '', 'torch.rand(2, dtype=torch.int64)', 'NotImplementedError'),
    ('randint_bool', '', 'torch.randint(0, 10, (2,), dtype=torch.bool)', 'RuntimeError'),
    ('arange_bool', '', 'torch.arange(3, dtype=torch.bool)', 'NotImplementedError'),
    ('tensor_uint8_overflow', '', 'torch.tensor([300], dtype=torch.uint8)', 'RuntimeError'),
    ('tensor_int32_overflow', '', 'torch.tensor([1e10], dtype=torch.int32)', 'RuntimeError'),
    ('full_uint8_overflow', '', 'torch.full((2,), 300, dtype=torch.uint8)', 'RuntimeError'),
    ('fill_half_overflow', '', 'torch.zeros(2).half().fill_(1e10)', 'RuntimeError'),
    ('masked_fill_overflow', '', 'torch.zeros(2, dtype=torch.int8).masked_fill(torch.tensor([True, False]), 1000)', 'RuntimeError'),
    ('masked_fill_long_mask', '', 'torch.zeros(2).masked_fill(torch.tensor([1, 0]), 1.)', 'RuntimeError'),
    ('legacy_float_from_long_tensor', '', 'torch.FloatTensor(torch.tensor([1, 2]))', 'TypeError'),
    ('legacy_scalar', '', 'torch.LongTensor(2.5)', 'TypeError'),
    ('set_default_int', '', 'torch.set_default_dtype(torch.int64)', 'TypeError'),
    ('finfo_int', '', 'torch.finfo(torch.int32)', 'TypeError'),
    ('iinfo_float', '', 'torch.iinfo(torch.float32)', 'TypeError'),
    ('iinfo_bool', '', 'torch.iinfo(torch.bool)', 'TypeError'),
    ('index_float', '', 'torch.arange(3)[torch.tensor([1.])]', 'IndexError'),
    ('gather_float_index', '', 'torch.gather(torch.ones(2, 2), 1, torch.tensor([[0.], [1.]]))', 'RuntimeError'),
    ('index_select_float', '', 'torch.ones(2).index_select(0, torch.tensor([1.]))', 'RuntimeError'),
    ('bn_mixed', S0 + 'bn = nn.BatchNorm1d(2)', 'bn(torch.ones(3, 2, dtype=torch.float64))', 'RuntimeError'),
    ('bn_long', S0 + 'bn = nn.BatchNorm1d(2)', 'bn(torch.ones(3, 2, dtype=torch.int64))', 'NotImplementedError'),
    ('max_pool_bool', '', 'F.max_pool2d(torch.ones(1, 1, 2, 2, dtype=torch.bool), 2)', 'NotImplementedError'),
    ('adaptive_pool_long', '', 'F.adaptive_avg_pool2d(torch.ones(1, 1, 4, 4, dtype=torch.int64), (2, 2))', 'NotImplementedError'),
    ('one_hot_int32', '', 'F.one_hot(torch.tensor([0, 2], dtype=torch.int32))', 'RuntimeError'),
    ('module_to_int', S0 + 'm = nn.Linear(2, 2)', 'm.to(torch.int64)', 'TypeError'),
]:
    err(f'dt_err_{name}', setup, expr, etype)
case('dt_scatter_value', 'z = torch.zeros(3, 4)', 'z.scatter(1, torch.tensor([[0], [2], [1]]), 1.0)')
case('dt_scatter_src_grad', S0 + 'z = torch.zeros(3, 4, requires_grad=True)\nsrc = torch.randn(3, 2, requires_grad=True)', 'z.scatter(1, torch.tensor([[0, 3], [2, 1], [1, 0]]), src)')
case('dt_scatter_int32_index', 'z = torch.zeros(2, 3, dtype=torch.int64)', 'z.scatter(0, torch.tensor([[1, 0, 1]], dtype=torch.int32), 7)')
case('dt_scatter_add_grad', S0 + 'z = torch.zeros(2, 4, requires_grad=True)\nsrc = torch.randn(2, 3, requires_grad=True)', 'torch.scatter_add(z, 1, torch.tensor([[0, 0, 3], [1, 1, 1]]), src)')
case('dt_scatter_inplace_onehot', 'y = torch.tensor([2, 0, 1])\nz = torch.zeros(3, 3)\nz.scatter_(1, y.view(-1, 1), 1.0)', 'z')
case('dt_div_rounding_modes', 'a = torch.tensor([7, -7, 10])\nb = torch.tensor([2, 2, 3])', 'torch.stack([torch.div(a, b, rounding_mode="floor"), torch.div(a, b, rounding_mode="trunc"), a.floor_divide(b), a.remainder(b)])')
case('dt_div_rounding_float', 'x = torch.tensor([7.5, -7.5, 0.3], dtype=torch.float64)', 'torch.stack([x.div(2, rounding_mode="floor"), x.div(-0.7, rounding_mode="trunc")])')
err('dt_err_scatter_float_index', '', 'torch.zeros(2).scatter(0, torch.tensor([0.]), 1.)', 'RuntimeError')
err('dt_err_scatter_src_dtype', '', 'torch.zeros(2).scatter(0, torch.tensor([0]), torch.tensor([1], dtype=torch.int64))', 'RuntimeError')
err('dt_err_scatter_bounds', '', 'torch.zeros(2).scatter(0, torch.tensor([2]), 1.)', 'RuntimeError')
err('dt_err_div_rounding_mode', '', 'torch.tensor([1.]).div(2, rounding_mode="round")', 'RuntimeError')
err('dt_err_div_inplace_floor_int_float', '', 'torch.tensor([3, 4]).div_(1.5, rounding_mode="floor")', 'RuntimeError')
case('dt_default_float64', 'torch.set_default_dtype(torch.float64)\nx = torch.tensor([1.5]) + torch.ones(2)\ny = torch.tensor([1, 2]) / 2\nz = torch.arange(3.)\ntorch.set_default_dtype(torch.float32)', 'torch.stack([x, y, z[:2]])')
case('dt_default_float64_repr', 'torch.set_default_dtype(torch.float64)\nr = repr((torch.tensor([1.5]), torch.tensor([1.5], dtype=torch.float32), torch.empty(0), torch.empty(0, dtype=torch.float32), torch.get_default_dtype()))\ntorch.set_default_dtype(torch.float32)', 'r', repr=True)
case('dt_finfo_iinfo', '', '(torch.finfo(torch.float16), torch.finfo(torch.bfloat16).eps, torch.finfo().max, torch.iinfo(torch.int16), torch.iinfo(torch.uint8).max, torch.iinfo(torch.int64).min)', repr=True)
case('dt_dtype_names', '', '(torch.float, torch.double, torch.half, torch.int, torch.short, torch.long, torch.int8, torch.uint8, torch.bfloat16, torch.bool, torch.float64.is_floating_point, torch.uint8.is_signed, torch.float16.itemsize)', repr=True)
case('dt_item_types', '', '[torch.tensor(v, dtype=d).item() for v, d in ((3, torch.int8), (0.1, torch.float16), (0.1, torch.bfloat16), (2, torch.uint8), (1, torch.bool), (0.1, torch.float64))]', repr=True)
case('dt_python_numbers', '', '(int(torch.tensor(-3.9, dtype=torch.float64)), float(torch.tensor(3, dtype=torch.int32)), bool(torch.tensor(2, dtype=torch.uint8)), torch.tensor([1, 2], dtype=torch.int16).tolist())', repr=True)
case('dt_isinstance_legacy', '', '(isinstance(torch.tensor([1.]), torch.FloatTensor), isinstance(torch.tensor([1]), torch.FloatTensor), isinstance(torch.tensor([1]), torch.LongTensor), torch.DoubleTensor)', repr=True)


def build():
    out = []
    for spec in CASES:
        res = G.run_case(spec)
        G.check_seeded(spec, res)
        out.append(res)
    names = [c['name'] for c in out]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f'duplicate case names: {sorted(dup)}')
    return out


def patch_randn():
    """For --verify only: a randn that gives the same values whatever the kernel set.

    PyTorch's own vectorised randn differs between kernel sets (docs/pytorch-rng.md §11), so
    comparing the two sets needs inputs that do not."""
    import random
    import torch
    rng = random.Random(0)
    real_seed = torch.manual_seed
    real_randn = torch.randn

    def manual_seed(seed):
        rng.seed(seed)
        return real_seed(seed)

    def randn(*size, requires_grad=False, **kw):
        if len(size) == 1 and isinstance(size[0], (tuple, list, torch.Size)):
            size = tuple(size[0])
        if any(d < 0 for d in size):
            return real_randn(*size)
        n = 1
        for d in size:
            n *= d
        t = torch.tensor([rng.gauss(0.0, 1.0) for _ in range(n)], dtype=torch.float32).view(size)
        return t.requires_grad_(requires_grad)

    torch.manual_seed = manual_seed
    torch.randn = randn
    torch.randn_like = lambda x, **kw: randn(tuple(x.shape), **kw)


def run_variant(capability, tmp):
    env = dict(os.environ, ATEN_CPU_CAPABILITY=capability)
    path = os.path.join(tmp, f'ops_{capability}.json')
    subprocess.run([sys.executable, os.path.abspath(__file__), '--out', path, '--patch-randn'],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path) as f:
        return {c['name']: c for c in json.load(f)['cases']}


def verify(cases):
    """Kernel-variant and float64 checks of the tolerance labels (see the module docstring)."""
    problems = 0
    spec_of = {s['name']: s for s in CASES}
    with tempfile.TemporaryDirectory() as tmp:
        ref = run_variant('avx2', tmp)
        other = run_variant('default', tmp)
    for c in cases:
        a, o = ref[c['name']], other[c['name']]
        if spec_of[c['name']].get('avx2'):
            continue                                  # documented avx2-only behaviour
        if c.get('tolerance') == 'exact' and o != a:
            problems += 1
            print(f'verify: {c["name"]}: exact, but the two kernel sets give different bits')
        elif c.get('tolerance') == 'close':
            for x, y in zip(tensors_of(a), tensors_of(o)):
                if not within(x, y):
                    problems += 1
                    print(f'verify: {c["name"]}: kernel sets differ beyond tolerance')
                    break
    for spec, c in zip(CASES, cases):
        if c.get('tolerance') != 'close':
            continue
        ref64 = run_float64(spec)
        if ref64 is None:
            continue
        for a, b in zip(tensors_of(c), ref64):
            if not within(a, b):
                problems += 1
                print(f'verify: {c["name"]}: float32 result beyond tolerance of float64 result')
                break
    print(f'verify: {problems} problem(s)')
    return problems


def tensors_of(c):
    recs = []
    if 'result' in c:
        recs.append(c['result'])
    recs.extend(c.get('results', []))
    for k in c.get('grads_of', []):
        if c['grads'].get(k) is not None:
            recs.append(c['grads'][k])
    return [decode(r) for r in recs]


def decode(rec):
    import struct
    if 'bits' in rec:
        fmt = {'float32': '<f', 'float64': '<d', 'float16': '<e'}.get(rec['dtype'])
        if fmt is None:      # bfloat16: the upper half of a float32
            return [struct.unpack('<f', bytes.fromhex(b + '0000')[::-1])[0] for b in rec['bits']]
        return [struct.unpack(fmt, bytes.fromhex(b)[::-1])[0] for b in rec['bits']]
    return rec.get('ints', rec.get('bools'))


def within(a, b, rtol=1e-5, atol=1e-6):
    import math
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, bool) or isinstance(x, int):
            if x != y:
                return False
            continue
        if math.isnan(x) and math.isnan(y):
            continue
        if x == y:
            continue
        if not (abs(x - y) <= atol + rtol * abs(y)):
            return False
    return True


def run_float64(spec):
    """The case computed in float64 from the same float32 inputs: (result, grads) as floats."""
    import torch
    ns = G.new_namespace()
    before = set(ns)
    torch.manual_seed(G.POISON_SEED)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            exec(spec['setup'], ns)
        leaves = G.leaf_names(ns, before)
        for k, v in list(ns.items()):
            if k in before or not isinstance(v, torch.Tensor) or v.dtype != torch.float32:
                continue
            if v.requires_grad and not v.is_leaf:
                return None                       # a non-leaf input: cannot rebuild the graph
            ns[k] = v.detach().double().requires_grad_(v.requires_grad)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            value = eval(spec['expr'], ns)
    except Exception:                            # noqa: BLE001 - some ops insist on float32
        return None
    vals = value if isinstance(value, (tuple, list)) else [value]
    if not all(isinstance(t, torch.Tensor) for t in vals):
        return None
    out = [t.detach().reshape(-1).tolist() for t in vals]
    out = [[float(x) for x in o] if o and isinstance(o[0], float) else o for o in out]
    if isinstance(value, torch.Tensor) and value.requires_grad and value.grad_fn is not None:
        torch.manual_seed(G.BACKWARD_SEED)
        g = torch.randn(value.shape).double()
        value.backward(g)
        for k in spec.get('grads_of') or leaves:
            gr = eval(k, ns).grad
            if gr is not None:
                out.append(gr.reshape(-1).tolist())
    idx_lists = []
    for o in out:
        idx_lists.append(G.spread_indices(len(o)))
    return [[o[i] for i in idx] for o, idx in zip(out, idx_lists)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed file, write nothing')
    ap.add_argument('--verify', action='store_true', help='also check the tolerance labels')
    ap.add_argument('--out', default=OUT, help=argparse.SUPPRESS)
    ap.add_argument('--patch-randn', action='store_true', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.patch_randn:
        patch_randn()
    cases = build()
    header = {'format': 'nnrepl-ops-golden/1', 'produced_by': G.produced_by() + ', scripts/golden/ops.py'}
    text = G.dump(a.out, header, cases)
    ok = G.write_or_check(a.out, text, a.check)
    n_err = sum('error' in c for c in cases)
    print(f'ops: {len(cases)} cases ({n_err} errors), {len(text) // 1024} KiB')
    if a.verify and verify(cases):
        ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
