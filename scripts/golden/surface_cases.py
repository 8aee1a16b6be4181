"""Case definitions for surface.py (see its docstring and README.md §2 for the format)."""

CASES = []
S0 = 'torch.manual_seed(0)\n'


def case(name, setup, expr, tol='close', **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, tolerance=tol, **kw))


def exact(name, setup, expr, **kw):
    case(name, setup, expr, tol='exact', **kw)


def err(name, setup, expr, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, expect_error=(etype, msg)))


def err_stmt(name, setup, stmt, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), stmt=stmt, expect_error=(etype, msg)))


def rep(name, setup, expr, **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, repr=True, **kw))


def traj(name, setup, steps=15, final=(), **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), steps=steps, final=list(final), **kw))


def rn(var, *shape, rg=True, seed=True):
    dims = ', '.join(str(s) for s in shape)
    return (S0 if seed else '') + f'{var} = torch.randn({dims}{", requires_grad=True" if rg else ""})\n'


X = rn('x', 3, 4)
POS = S0 + 'x = (torch.rand(3, 4) + 0.1).requires_grad_()\n'
UNIT = S0 + 'x = (torch.rand(3, 4) * 1.8 - 0.9).requires_grad_()\n'
XY = rn('x', 3, 4) + rn('y', 3, 4, seed=False)

# --------------------------------------------------------------------------------------------
# elementwise math
# --------------------------------------------------------------------------------------------
for fn in ['log1p', 'log2', 'log10', 'rsqrt']:
    case(f'{fn}', POS, f'torch.{fn}(x)')
    case(f'{fn}_method', POS, f'x.{fn}()')
for fn in ['expm1', 'erf', 'erfc', 'sinh', 'cosh', 'atan', 'tan']:
    case(f'{fn}', X, f'torch.{fn}(x)')
for fn in ['asin', 'acos', 'erfinv', 'arcsin', 'arccos']:
    case(f'{fn}', UNIT, f'torch.{fn}(x)')
case('arctan', X, 'torch.arctan(x)')
case('log1p_inplace', POS + 'y = x.detach().clone()', 'y.log1p_()')
case('erfinv_edges', '', 'torch.erfinv(torch.tensor([-1., -0.999, -0.5, 0., 0.3, 0.7, 0.95, 1., 1.5]))')
case('log2_int', '', 'torch.log2(torch.tensor([1, 2, 8, 10]))')
case('atan2', XY, 'torch.atan2(x, y)')
case('atan2_method_broadcast', XY + 'z = torch.tensor([0.5, -1., 2., 0.], requires_grad=True)', 'x.atan2(z)')
case('hypot', XY, 'torch.hypot(x, y)')
exact('isnan', '', "torch.isnan(torch.tensor([1., float('nan'), float('inf'), -float('inf')]))")
exact('isinf', '', "torch.isinf(torch.tensor([1., float('nan'), float('inf'), -float('inf')]))")
exact('isfinite', '', "torch.tensor([1., float('nan'), float('inf'), -float('inf')]).isfinite()")
exact('isposinf', '', "torch.isposinf(torch.tensor([1., float('nan'), float('inf'), -float('inf')]))")
exact('isneginf', '', "torch.isneginf(torch.tensor([1., float('nan'), float('inf'), -float('inf')]))")
exact('isnan_int', '', 'torch.isnan(torch.tensor([1, 2]))')
exact('isfinite_int', '', 'torch.isfinite(torch.tensor([1, 2]))')
exact('nan_to_num', '', "torch.nan_to_num(torch.tensor([1., float('nan'), float('inf'), -float('inf')]))")
exact('nan_to_num_args', '', "torch.tensor([1., float('nan'), float('inf'), -float('inf')]).nan_to_num(nan=0.5, posinf=9., neginf=-9.)")
exact('nan_to_num_grad', "x = torch.tensor([1., float('nan'), float('inf'), 2.], requires_grad=True)", 'torch.nan_to_num(x)')
exact('clamp_min', "x = torch.tensor([-2., -1., 0., 1., 2., float('nan')], requires_grad=True)", 'x.clamp_min(0.)')
exact('clamp_max', "x = torch.tensor([-2., -1., 0., 1., 2., float('nan')], requires_grad=True)", 'torch.clamp_max(x, 1.)')
exact('clamp_min_int', '', 'torch.tensor([-2, 3]).clamp_min(0)')
exact('clamp_min_inplace', "x = torch.tensor([-2., -1., 0., 1.])", 'x.clamp_min_(-0.5)')
exact('isclose', '', "torch.isclose(torch.tensor([1., float('nan'), float('inf'), 1., 0.]), torch.tensor([1.00001, float('nan'), float('inf'), 1.1, 1e-9]))")
exact('isclose_equal_nan', '', "torch.isclose(torch.tensor([float('nan'), 1.]), torch.tensor([float('nan'), 2.]), equal_nan=True)")
exact('isclose_tols', '', 'torch.tensor([1., 2., 3.]).isclose(torch.tensor([1.1, 2.3, 3.]), rtol=0.1, atol=0.)')
exact('isclose_int', '', 'torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3]))')
rep('allclose_true', '', 'torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.000001]))')
rep('allclose_false', '', 'torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.0001]))')
rep('allclose_method', '', 'torch.tensor([1., 2.]).allclose(torch.tensor([1.1, 2.]), atol=0.2)')
err('isclose_dtype_mismatch', '', 'torch.isclose(torch.tensor([1.]), torch.tensor([1]))', 'RuntimeError')

# division family
exact('floor_divide_int', '', 'torch.tensor([5, -5, 7]).floor_divide(torch.tensor([2, 2, -2]))')
exact('floor_divide_float', '', 'torch.floor_divide(torch.tensor([5., -5., 7., 0.5]), 2)')
exact('div_floor', '', "torch.div(torch.tensor([5., -5., 7.]), 2, rounding_mode='floor')")
exact('div_trunc', '', "torch.tensor([5., -5., 7.]).div(2, rounding_mode='trunc')")
exact('div_floor_int', '', "torch.tensor([5, -5, 7]).div(2, rounding_mode='floor')")
exact('div_trunc_int', '', "torch.tensor([5, -5, 7]).div(2, rounding_mode='trunc')")
exact('div_floor_by_zero_float', '', "torch.tensor([5., -5., 0.]).div(0, rounding_mode='floor')")
exact('div_floor_grad', "x = torch.tensor([5., -3.], requires_grad=True)", "x.div(2, rounding_mode='floor')")
exact('div_none_mode', '', "torch.tensor([5, 2]).div(torch.tensor([2, 4]), rounding_mode=None)")
err('div_floor_int_zero', '', "torch.tensor([5, -5]).div(0, rounding_mode='floor')", 'RuntimeError', 'ZeroDivisionError')
err('div_bad_mode', '', "torch.tensor([5.]).div(2, rounding_mode='xx')", 'RuntimeError')
exact('div_floor_inplace', "x = torch.tensor([5., -5.])", "x.div_(2, rounding_mode='floor')")
exact('remainder', XY, 'torch.remainder(x, 0.7)')
exact('remainder_tensor_grad', XY, 'x.remainder(y)')
exact('fmod', XY, 'torch.fmod(x, 0.7)')
exact('fmod_tensor_grad', XY, 'x.fmod(y)')
exact('fmod_int', '', 'torch.fmod(torch.tensor([5, -5, 7]), 3)')
exact('remainder_int', '', 'torch.remainder(torch.tensor([5, -5, 7]), 3)')

# three-operand and interpolation
case('lerp_scalar', XY, 'torch.lerp(x, y, 0.3)')
case('lerp_scalar_high', XY, 'x.lerp(y, 0.75)')
case('lerp_tensor', XY + 'w = torch.rand(4, requires_grad=True)', 'torch.lerp(x, y, w)')
case('addcmul', XY + 'z = torch.randn(3, 4, requires_grad=True)', 'torch.addcmul(x, y, z, value=0.5)')
case('addcdiv', XY + 'z = (torch.rand(3, 4) + 0.5).requires_grad_()', 'torch.addcdiv(x, y, z, value=2)')
case('addcmul_method_inplace', XY + 'z = torch.randn(3, 4)\nw = z.clone()', 'w.addcmul_(x.detach(), y.detach())')
exact('logical_and', '', 'torch.logical_and(torch.tensor([0., 1., 2., 0.]), torch.tensor([1, 1, 0, 0]))')
exact('logical_or', '', 'torch.tensor([True, False, False]).logical_or(torch.tensor([False, False, True]))')
exact('logical_xor', '', 'torch.logical_xor(torch.tensor([0, 1, 2]), torch.tensor([0, 0, 3]))')
exact('logical_not', '', 'torch.logical_not(torch.tensor([0., 1.5, -1.]))')

# --------------------------------------------------------------------------------------------
# reductions and order statistics
# --------------------------------------------------------------------------------------------
case('logsumexp_dim1', X, 'torch.logsumexp(x, 1)')
case('logsumexp_dim0_keepdim', X, 'x.logsumexp(0, keepdim=True)')
case('logsumexp_tuple', X, 'torch.logsumexp(x, (0, 1))')
case('logsumexp_large', "x = torch.tensor([[1000., 1000.5], [-1000., -999.]], requires_grad=True)", 'torch.logsumexp(x, dim=1)')
case('logsumexp_inf', "x = torch.tensor([[-float('inf'), -float('inf')], [float('inf'), 1.]])", 'torch.logsumexp(x, 1)')
case('logsumexp_int', '', 'torch.logsumexp(torch.tensor([[1, 2], [3, 4]]), 1)')
err('logsumexp_no_dim', '', 'torch.logsumexp(torch.tensor([1., 2.]))', 'TypeError')
exact('amax_dim', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'x.amax(1)')
exact('amax_all', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'torch.amax(x)')
exact('amin_dims_keepdim', X, 'torch.amin(x, dim=(0, 1), keepdim=True)')
exact('amax_int', '', 'torch.amax(torch.tensor([[1, 5], [7, 2]]), 0)')
exact('amax_nan', "x = torch.tensor([[1., float('nan')], [2., 3.]])", 'x.amax(1)')
err('amax_empty_dim', '', 'torch.amax(torch.zeros(0, 3), 0)', 'IndexError', 'amax(): Expected reduction dim 0 to have non-zero size.')
exact('aminmax', X, 'torch.aminmax(x)')
exact('aminmax_dim', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'x.aminmax(dim=1)')
rep('aminmax_repr', "x = torch.tensor([[1., 3.], [2., 0.]])", 'torch.aminmax(x, dim=0, keepdim=True)')
exact('median_all', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'torch.median(x)')
exact('median_all_odd', X, 'x.median()')
exact('median_dim', "x = torch.tensor([[1., 4., 2., 3.], [2., 2., 1., 1.]], requires_grad=True)", 'torch.median(x, 1)')
exact('median_dim_ties', '', 'torch.median(torch.tensor([3., 1, 2, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]), 0)')
exact('median_dim_keepdim', X, 'x.median(dim=0, keepdim=True)')
exact('median_nan', '', "torch.median(torch.tensor([[1., float('nan'), 0.], [3., 1., 2.]]), 1)")
exact('median_int', '', 'torch.tensor([4, 1, 3, 2]).median()')
rep('median_repr', "x = torch.tensor([[1., 4.], [2., 0.]])", 'x.median(1)')
exact('kthvalue', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'torch.kthvalue(x, 2, 1)')
exact('kthvalue_ties', '', 'torch.kthvalue(torch.tensor([3., 1, 2, 1, 5, 1]), 2)')
exact('kthvalue_ties_long', '', 'torch.kthvalue(torch.tensor([3., 1, 2, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]), 5)')
exact('kthvalue_random', S0 + 'x = torch.randint(0, 5, (4, 30)).float().requires_grad_()', 'x.kthvalue(7, dim=1, keepdim=True)')
err('kthvalue_k_range', '', 'torch.kthvalue(torch.ones(3), 4)', 'RuntimeError')
exact('mode', "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", 'torch.mode(x, 1)')
exact('mode_int', '', 'torch.mode(torch.tensor([1, 2, 2, 3, 3, 1]))')
exact('mode_default_dim', '', 'torch.tensor([[3., 1., 1., 3.]]).mode()')
case('std_mean', X, 'torch.std_mean(x)')
case('std_mean_dim', X, 'torch.std_mean(x, 1)')
case('var_mean_dim_keepdim', X, 'torch.var_mean(x, 0, keepdim=True)')
case('var_mean_correction', X, 'torch.var_mean(x, dim=1, correction=0)')
case('std_mean_grad_std', X, 'torch.std_mean(x, 1)[0]')
case('std_mean_grad_mean', X, 'torch.std_mean(x, 1)[1]')
case('var_mean_grad', X, 'torch.var_mean(x, 0)[0]')
case('cumprod', X, 'torch.cumprod(x, 1)')
case('cumprod_dim0', X, 'x.cumprod(dim=0)')
case('cumprod_zero_grad', "x = torch.tensor([2., 0., 3., 4.], requires_grad=True)", 'x.cumprod(0)')
exact('cumprod_int', '', 'torch.cumprod(torch.tensor([1, 2, 3, 4]), 0)')
exact('count_nonzero', '', 'torch.count_nonzero(torch.tensor([[0, 1, 2], [0, 0, 3.]]))')
exact('count_nonzero_dim', '', 'torch.tensor([[0, 1, 2], [0, 0, 3.]]).count_nonzero(dim=0)')
exact('count_nonzero_dims', '', 'torch.count_nonzero(torch.tensor([[0, 1, 2], [0, 0, 3.]]), dim=(0, 1))')
exact('diff', X, 'torch.diff(x)')
exact('diff_dim0_n2', rn('x', 4, 3), 'x.diff(n=2, dim=0)')
exact('diff_int', '', 'torch.diff(torch.tensor([1, 3, 6, 10]))')
exact('diff_bool', '', 'torch.diff(torch.tensor([True, False, False, True]))')
exact('diff_prepend', '', 'torch.diff(torch.tensor([1., 3., 6.]), prepend=torch.tensor([0.]), append=torch.tensor([10., 15.]))')
exact('histc', '', 'torch.histc(torch.tensor([1., 2., 1., 4.]), bins=4, min=0, max=3)')
exact('histc_auto_range', '', 'torch.histc(torch.tensor([1., 2., 1., 4.]), bins=4)')
exact('histc_random', S0 + 'x = torch.randn(200)', 'x.histc(bins=10, min=-2, max=2)')
exact('histc_default', S0 + 'x = torch.rand(50)', 'torch.histc(x)')
err('histc_int', '', 'torch.histc(torch.tensor([1, 2]))', 'NotImplementedError')
exact('unique', '', 'torch.unique(torch.tensor([3, 1, 2, 3, 1]))')
exact('unique_inverse_counts', '', 'torch.unique(torch.tensor([3, 1, 2, 3, 1]), return_inverse=True, return_counts=True)')
exact('unique_counts', '', 'torch.tensor([2., 1., 2., 5.]).unique(return_counts=True)')
exact('unique_inverse_2d', '', 'torch.unique(torch.tensor([[3, 1], [1, 2]]), return_inverse=True)')
exact('unique_unsorted', '', 'torch.unique(torch.tensor([3, 1, 2, 3, 1]), sorted=False)')
exact('unique_dim0', '', 'torch.unique(torch.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_counts=True)')
exact('unique_dim1', '', 'torch.unique(torch.tensor([[1, 0, 1], [2, 5, 2]]), dim=1, return_inverse=True)')
exact('unique_grad_fn', S0 + 'x = torch.randn(4, requires_grad=True)', 'torch.unique(x)', backward=False)
err('unique_backward', S0 + 'x = torch.randn(4, requires_grad=True)', 'torch.unique(x).sum().backward()', 'NotImplementedError', "the derivative for '_unique2' is not implemented.")
case('norm_p2', X, 'x.norm()')
case('norm_dim', X, 'x.norm(dim=1)')
case('norm_p1_dim', X, 'torch.norm(x, p=1, dim=0)')
case('norm_p3_keepdim', X, 'x.norm(p=3, dim=1, keepdim=True)')
case('norm_inf', X, "x.norm(p=float('inf'))")
case('norm_fro', X, "torch.norm(x, 'fro')")
exact('searchsorted', '', 'torch.searchsorted(torch.tensor([1, 3, 5, 7, 9]), torch.tensor([[3, 6, 9], [3, 6, 9]]))')
exact('searchsorted_right', '', 'torch.searchsorted(torch.tensor([1., 3., 5., 7., 9.]), torch.tensor([3., 6., 9.]), right=True)')
exact('searchsorted_side', '', "torch.searchsorted(torch.tensor([1., 3., 5.]), torch.tensor([3., 0., 9.]), side='right')")
exact('searchsorted_scalar', '', 'torch.searchsorted(torch.tensor([1., 2., 3.]), 2.5)')
exact('searchsorted_2d', '', 'torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]), torch.tensor([[3, 6], [1, 7]]))')
exact('bucketize', '', 'torch.bucketize(torch.tensor([[3, 6, 9], [3, 6, 9]]), torch.tensor([1, 3, 5, 7, 9]))')
exact('bucketize_right', '', 'torch.bucketize(torch.tensor([0.5, 3., 10.]), torch.tensor([1., 3., 5.]), right=True)')

# --------------------------------------------------------------------------------------------
# linear algebra
# --------------------------------------------------------------------------------------------
V = rn('v', 4) + rn('w', 3, seed=False)
case('outer', V, 'torch.outer(v, w)')
case('outer_method', V, 'w.outer(v)')
case('ger', V, 'torch.ger(v, w)')
case('mv', X + rn('v', 4, seed=False), 'torch.mv(x, v)')
case('mv_method', X + rn('v', 4, seed=False), 'x.mv(v)')
case('addmv', X + rn('v', 4, seed=False) + rn('b', 3, seed=False), 'torch.addmv(b, x, v)')
case('addmv_beta_alpha', X + rn('v', 4, seed=False) + rn('b', 3, seed=False), 'torch.addmv(b, x, v, beta=0.5, alpha=2)')
err('mv_shape', '', 'torch.mv(torch.ones(2, 3), torch.ones(2))', 'RuntimeError')
Q = rn('q', 4, 4)
exact('diag_vec', rn('v', 3), 'torch.diag(v)')
exact('diag_vec_offset', rn('v', 3), 'torch.diag(v, 1)')
exact('diag_vec_neg_offset', rn('v', 3), 'v.diag(-2)')
exact('diag_mat', Q, 'torch.diag(q)')
exact('diag_mat_offset', Q, 'q.diag(diagonal=-1)')
exact('diagonal', Q, 'torch.diagonal(q)', stride=True)
exact('diagonal_offset', Q, 'q.diagonal(1)', stride=True)
exact('diagonal_3d', rn('b', 2, 3, 3), 'b.diagonal(dim1=1, dim2=2)', stride=True)
exact('diagonal_neg', Q, 'torch.diagonal(q, offset=-2)', stride=True)
case('trace', Q, 'torch.trace(q)')
exact('trace_int', '', 'torch.arange(9).view(3, 3).trace()')
err('trace_1d', '', 'torch.trace(torch.ones(3))', 'RuntimeError', 'trace: expected a matrix, but got tensor with dim 1')
exact('tril', X, 'torch.tril(x)')
exact('tril_k', X, 'x.tril(1)')
exact('triu', X, 'torch.triu(x)')
exact('triu_neg', X, 'torch.triu(x, diagonal=-1)')
exact('triu_batch', rn('b', 2, 3, 3), 'b.triu(1)')
exact('tril_ones', '', 'torch.tril(torch.ones(4, 4))')
exact('tril_inplace', '', 'torch.ones(3, 3).tril_()')
exact('tril_int', '', 'torch.tril(torch.arange(9).view(3, 3))')
err('tril_1d', '', 'torch.tril(torch.ones(3))', 'RuntimeError')
exact('movedim', rn('b', 2, 3, 4), 'b.movedim(0, 2)', stride=True)
exact('movedim_multi', rn('b', 2, 3, 4), 'torch.movedim(b, (0, 1), (2, 0))', stride=True)
exact('swapdims', rn('b', 2, 3, 4), 'b.swapdims(0, 2)', stride=True)
exact('swapaxes_fn', rn('b', 2, 3, 4), 'torch.swapaxes(b, 1, -1)', stride=True)
# in-place view ops: the tensor itself takes the new geometry; the history gets the in-place node
IPV = S0 + 'x = torch.randn(1, 3, 1, requires_grad=True)\ny = x * 2\n'
exact('unsqueeze_', IPV, 'y.unsqueeze_(-1)', stride=True)
exact('squeeze__all', IPV, 'y.squeeze_()', stride=True)
exact('squeeze__dim', IPV, 'y.squeeze_(0)', stride=True)
exact('squeeze__dim_kw_not_one', IPV, 'y.squeeze_(dim=1)', stride=True)
exact('squeeze__dims', IPV, 'y.squeeze_((0, 2))', stride=True)
T2 = S0 + 'x = torch.randn(2, 3, requires_grad=True)\ny = x * 2\n'
exact('t_', T2, 'y.t_()', stride=True)
exact('transpose_', S0 + 'x = torch.randn(2, 3, 4, requires_grad=True)\ny = x * 2\n', 'y.transpose_(0, 2)', stride=True)
exact('swapdims_', S0 + 'x = torch.randn(2, 3, 4, requires_grad=True)\ny = x * 2\n', 'y.swapdims_(2, 1)', stride=True)
exact('swapaxes_', T2, 'y.swapaxes_(0, 1)', stride=True)
rep('unsqueeze__same_object', 'a = torch.tensor([1, 2, 3])\nb = a.unsqueeze_(0)', '(b is a, a.shape, b.shape)')
exact('unsqueeze__then_ops', T2 + 'y.unsqueeze_(1)\nz = (y * torch.arange(3.)).sum(1)', 'z')
exact('unsqueeze__of_slice', 'v = torch.arange(4.)\nw = v[1:]\nw.unsqueeze_(0)\nw.mul_(2)', '(v, w)')
exact('t__int', 'a = torch.arange(6).reshape(2, 3)\na.t_()', 'a.contiguous()')
err('unsqueeze__leaf', 'x = torch.ones(2, requires_grad=True)', 'x.unsqueeze_(0)', 'RuntimeError',
    'a leaf Variable that requires grad is being used in an in-place operation.')
err('unsqueeze__range', 'a = torch.ones(2)', 'a.unsqueeze_(3)', 'IndexError',
    'Dimension out of range (expected to be in range of [-2, 1], but got 3)')
err('t__3d', 'a = torch.ones(2, 3, 4)', 'a.t_()', 'RuntimeError', 't_() expects a tensor with <= 2 dimensions, but self is 3D')
err('squeeze__repeated', 'a = torch.ones(1, 2)', 'a.squeeze_((0, 0))', 'RuntimeError', 'dim 0 appears multiple times in the list of dims')
case('cdist', rn('a', 3, 4) + rn('b', 5, 4, seed=False), 'torch.cdist(a, b)')
case('cdist_p1', rn('a', 3, 4) + rn('b', 5, 4, seed=False), 'torch.cdist(a, b, p=1)')
case('cdist_batch', rn('a', 2, 3, 4) + rn('b', 2, 5, 4, seed=False), 'torch.cdist(a, b)')
case('cdist_p3', rn('a', 3, 2) + rn('b', 2, 2, seed=False), 'torch.cdist(a, b, p=3)')
case('cdist_large', rn('a', 30, 3) + rn('b', 4, 3, seed=False), 'torch.cdist(a, b)')

# einsum
A = rn('a', 3, 4) + rn('b', 4, 5, seed=False)
case('einsum_mm', A, "torch.einsum('ij,jk->ik', a, b)")
case('einsum_bmm', rn('a', 2, 3, 4) + rn('b', 2, 4, 5, seed=False), "torch.einsum('bij,bjk->bik', a, b)")
case('einsum_dot', rn('a', 5) + rn('b', 5, seed=False), "torch.einsum('i,i->', a, b)")
case('einsum_transpose', rn('a', 3, 4), "torch.einsum('ij->ji', a)", stride=True)
case('einsum_diag', rn('a', 4, 4), "torch.einsum('ii->i', a)")
case('einsum_outer', rn('a', 3) + rn('b', 4, seed=False), "torch.einsum('i,j->ij', a, b)")
case('einsum_sum', rn('a', 3, 4), "torch.einsum('ij->', a)")
case('einsum_mv', rn('a', 3, 4) + rn('b', 4, seed=False), "torch.einsum('ij,j->i', a, b)")
case('einsum_trace', rn('a', 4, 4), "torch.einsum('ii', a)")
case('einsum_implicit_mm', A, "torch.einsum('ij,jk', a, b)")
case('einsum_list', A, "torch.einsum('ij,jk->ik', [a, b])")
case('einsum_ellipsis', rn('a', 2, 3, 4) + rn('b', 4, 5, seed=False), "torch.einsum('...ij,jk->...ik', a, b)")
case('einsum_row_sum', rn('a', 3, 4), "torch.einsum('ij->i', a)")
case('einsum_hadamard', rn('a', 3, 4) + rn('b', 3, 4, seed=False), "torch.einsum('ij,ij->ij', a, b)")
case('einsum_bilinear', rn('a', 2, 3) + rn('w', 5, 3, 4, seed=False) + rn('b', 2, 4, seed=False), "torch.einsum('bi,kij,bj->bk', a, w, b)")
case('einsum_spaces', A, "torch.einsum('i j , j k -> i k', a, b)")
err('einsum_operands', '', "torch.einsum('ij,jk->ik', torch.ones(2, 3))", 'RuntimeError', 'einsum(): fewer operands were provided than specified in the equation')
err('einsum_dims', '', "torch.einsum('ijk->i', torch.ones(2, 3))", 'RuntimeError')
err('einsum_sizes', '', "torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(4, 5))", 'RuntimeError')
err('einsum_output_label', '', "torch.einsum('ij->k', torch.ones(2, 3))", 'RuntimeError')

# --------------------------------------------------------------------------------------------
# joining and rearranging
# --------------------------------------------------------------------------------------------
exact('hstack_2d', XY, 'torch.hstack([x, y])')
exact('hstack_1d', rn('a', 3) + rn('b', 2, seed=False), 'torch.hstack((a, b))')
exact('hstack_0d', '', 'torch.hstack([torch.tensor(1.), torch.tensor([2., 3.])])')
exact('vstack_1d', rn('a', 3) + rn('b', 3, seed=False), 'torch.vstack([a, b])')
exact('vstack_2d', XY, 'torch.vstack((x, y))')
exact('row_stack', rn('a', 3) + rn('b', 3, seed=False), 'torch.row_stack([a, b])')
exact('dstack', XY, 'torch.dstack([x, y])')
exact('dstack_1d', rn('a', 3) + rn('b', 3, seed=False), 'torch.dstack([a, b])')
exact('column_stack', rn('a', 3) + rn('b', 3, seed=False), 'torch.column_stack([a, b])')
exact('column_stack_mixed', rn('a', 3) + rn('m', 3, 2, seed=False), 'torch.column_stack((a, m))')
err('vstack_mismatch', '', 'torch.vstack([torch.ones(3), torch.ones(2)])', 'RuntimeError')
exact('atleast_2d', '', 'torch.atleast_2d(torch.tensor(1.))', stride=True)
exact('atleast_3d', '', 'torch.atleast_3d(torch.ones(2, 3))', stride=True)
rep('atleast_1d_many', '', 'torch.atleast_1d(torch.tensor(1.), torch.ones(2))')
case('tile', rn('a', 2, 3), 'a.tile((2,))')
case('tile_more_dims', rn('a', 2, 3), 'torch.tile(a, (2, 1, 2))')
exact('tile_varargs', '', 'torch.tensor([1., 2., 3.]).tile(2, 1)')
exact('unflatten', rn('a', 2, 12), 'a.unflatten(1, (3, 4))', stride=True)
exact('unflatten_infer', rn('a', 2, 12), 'torch.unflatten(a, -1, (2, -1))', stride=True)
err('unflatten_bad', rn('a', 2, 12), 'a.unflatten(1, (5, 2))', 'RuntimeError')
exact('roll_flat', rn('a', 3, 4), 'torch.roll(a, 1)')
exact('roll_dim', rn('a', 3, 4), 'a.roll(1, 0)')
exact('roll_negative', rn('a', 3, 4), 'torch.roll(a, -3, dims=1)')
exact('roll_multi', rn('a', 3, 4), 'torch.roll(a, shifts=(2, 1), dims=(1, 0))')
exact('roll_int', '', 'torch.roll(torch.arange(6).view(2, 3), 1, 1)')
rep('meshgrid_ij', '', "torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij')")
rep('meshgrid_xy', '', "torch.meshgrid(torch.arange(2), torch.arange(3), indexing='xy')")
exact('meshgrid_grad', rn('a', 2) + rn('b', 3, seed=False), "torch.meshgrid(a, b, indexing='ij')[1]")
rep('meshgrid_default', '', 'torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4]))')

# --------------------------------------------------------------------------------------------
# indexed reads and writes
# --------------------------------------------------------------------------------------------
I3 = "i = torch.tensor([[0, 1], [2, 0], [3, 3]])\n"
exact('scatter_src', X + I3 + rn('s', 3, 2, seed=False), 'x.scatter(1, i, s)')
exact('scatter_value', X + I3, 'torch.scatter(x, 1, i, 2.5)')
exact('scatter_add', X + I3 + rn('s', 3, 2, seed=False), 'x.scatter_add(1, i, s)')
exact('scatter_add_fn', X + I3 + rn('s', 3, 2, seed=False), 'torch.scatter_add(x, 1, i, s)')
exact('scatter_reduce_add', X + I3, "x.scatter(1, i, 2., reduce='add')", backward=False)
exact('scatter_inplace', I3 + 'z = torch.zeros(3, 4)', 'z.scatter_(1, i, 1.)')
exact('scatter_onehot', '', 'torch.zeros(4, 3).scatter_(1, torch.tensor([[2], [0], [1], [2]]), 1)')
exact('scatter_add_inplace', 'z = torch.zeros(5)', 'z.scatter_add_(0, torch.tensor([0, 1, 1, 4]), torch.ones(4))')
exact('scatter_dim0', rn('x', 3, 2) + rn('s', 2, 2, seed=False), 'x.scatter(0, torch.tensor([[2, 0], [1, 1]]), s)')
err('scatter_oob', '', 'torch.zeros(3, 4).scatter(1, torch.tensor([[0], [5], [1]]), 1.)', 'RuntimeError', 'index 5 is out of bounds for dimension 1 with size 4')
err('scatter_float_index', '', 'torch.zeros(3, 4).scatter(1, torch.tensor([[0.], [1.], [1.]]), 1.)', 'RuntimeError', 'scatter(): Expected dtype int32/int64 for index')
err('scatter_dtype', '', 'torch.zeros(3, 4).scatter(1, torch.tensor([[0], [1], [1]]), torch.ones(3, 1, dtype=torch.long))', 'RuntimeError', 'scatter(): Expected self.dtype to be equal to src.dtype')
err('scatter_ndim', '', 'torch.zeros(3, 4).scatter(1, torch.tensor([0, 1]), 1.)', 'RuntimeError', 'Index tensor must have the same number of dimensions as self tensor')
exact('index_add', X + rn('s', 2, 4, seed=False), 'x.index_add(0, torch.tensor([0, 2]), s)')
exact('index_add_repeat', X + rn('s', 2, 4, seed=False), 'torch.index_add(x, 0, torch.tensor([1, 1]), s, alpha=2)')
exact('index_add_dim1', X + rn('s', 3, 2, seed=False), 'x.index_add(1, torch.tensor([3, 0]), s)')
exact('index_add_inplace', 'z = torch.zeros(3, 2)', 'z.index_add_(0, torch.tensor([0, 2, 0]), torch.ones(3, 2))')
err('index_add_count', '', 'torch.zeros(3, 4).index_add(0, torch.tensor([0, 1]), torch.ones(3, 4))', 'RuntimeError', 'index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 0')
err('index_add_oob', '', 'torch.zeros(3, 4).index_add(0, torch.tensor([0, 5]), torch.ones(2, 4))', 'RuntimeError', 'index 5 is out of bounds for dimension 0 with size 3')
exact('index_copy', X + rn('s', 2, 4, seed=False), 'x.index_copy(0, torch.tensor([2, 0]), s)')
exact('index_copy_inplace', 'z = torch.zeros(3, 2)', 'z.index_copy_(1, torch.tensor([1]), torch.ones(3, 1))')
err('index_copy_count', '', 'torch.zeros(3, 4).index_copy(0, torch.tensor([0, 1]), torch.ones(3, 4))', 'IndexError', 'index_copy_(): Number of indices (2) should be equal to source.size(dim) (3)')
exact('index_fill', X, 'x.index_fill(1, torch.tensor([0, 2]), -1.)')
exact('index_fill_inplace', 'z = torch.zeros(3, 2)', 'z.index_fill_(0, torch.tensor([1]), 7)')
err('index_fill_oob', '', 'torch.zeros(3, 4).index_fill(0, torch.tensor([0, 5]), 1)', 'IndexError', 'index 5 is out of bounds for dimension 0 with size 3')
exact('masked_select', X, 'x.masked_select(x > 0)')
exact('masked_select_fn_broadcast', X, 'torch.masked_select(x, torch.tensor([True, False, True, False]))')
err('masked_select_shape', '', 'torch.zeros(3, 4).masked_select(torch.tensor([True, False]))', 'RuntimeError')
exact('take', X, 'torch.take(x, torch.tensor([[0, 5], [11, 5]]))')
exact('take_negative', X, 'x.take(torch.tensor([-1, 0]))')
err('take_oob', '', 'torch.take(torch.zeros(3, 4), torch.tensor([12]))', 'IndexError', 'out of range: tried to access index 12 on a tensor of 12 elements.')
exact('take_along_dim', X, 'torch.take_along_dim(x, torch.tensor([[0], [1], [2]]), 1)')
exact('take_along_dim_argsort', X, 'torch.take_along_dim(x, x.argsort(dim=1), dim=1)')
exact('take_along_dim_flat', X, 'x.take_along_dim(torch.tensor([3, 0]))')
exact('take_along_dim_broadcast', X, 'torch.take_along_dim(x, torch.tensor([[1, 0]]), dim=1)')
exact('where_scalar_other', X, 'torch.where(x > 0, x, 0.)')
exact('where_scalars', X, 'torch.where(x > 0, 1., -1.)')
exact('where_scalar_input', X, 'torch.where(x > 0, 2., x)')

# --------------------------------------------------------------------------------------------
# random sampling
# --------------------------------------------------------------------------------------------
M5 = "m = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5])\ns = torch.tensor([1.5, 2.5, 0.3, 0.7, 0.9])\n"
exact('normal_tensor_tensor', M5 + S0, 'torch.normal(m, s)')
exact('normal_tensor_float', M5 + S0, 'torch.normal(m, 2.5)')
exact('normal_tensor_default_std', M5 + S0, 'torch.normal(m)')
exact('normal_float_tensor', M5 + S0, 'torch.normal(0.7, s)')
exact('normal_floats_size', S0, 'torch.normal(0.7, 2.5, (5,))')
exact('normal_floats_size_kw', S0, 'torch.normal(mean=2., std=3., size=(2, 3))')
exact('normal_vectorised', S0 + 'm = torch.zeros(20) + 0.3\ns = torch.linspace(0.1, 2, 20)', 'torch.normal(m, s)')
exact('normal_broadcast', S0, 'torch.normal(torch.zeros(2, 1), torch.ones(3))')
exact('normal_grad_fn', M5 + S0 + 'mr = m.clone().requires_grad_()\nsr = s.clone().requires_grad_()', 'torch.normal(mr, sr)')
exact('normal_grad_fn_mean', M5 + S0 + 'mr = m.clone().requires_grad_()', 'torch.normal(mr, 1.)')
exact('normal_grad_fn_std', M5 + S0 + 'sr = s.clone().requires_grad_()', 'torch.normal(1., sr)')
err('normal_negative_std', '', 'torch.normal(0., -1., (2,))', 'RuntimeError', 'normal expects std >= 0.0, but found std -1')
err('normal_two_floats', '', 'torch.normal(0., 1.)', 'TypeError')
exact('bernoulli_tensor', S0 + 'p = torch.full((10,), 0.3)', 'torch.bernoulli(p)')
exact('bernoulli_probs', S0 + 'p = torch.tensor([[0.1, 0.9, 0.5], [0.0, 1.0, 0.7]])', 'p.bernoulli()')
exact('bernoulli_p_arg', S0 + 'p = torch.full((3, 4), 0.5)', 'torch.bernoulli(p, 0.3)')
exact('bernoulli_inplace_scalar', S0 + 'x = torch.empty(2, 3)', 'x.bernoulli_(0.5)')
exact('bernoulli_inplace_default', S0 + 'x = torch.empty(20)', 'x.bernoulli_()')
exact('bernoulli_inplace_tensor', S0 + 'x = torch.empty(3)', 'x.bernoulli_(torch.tensor([0.2, 0.9, 0.5]))')
exact('bernoulli_grad', S0 + 'p = torch.tensor([0.2, 0.9], requires_grad=True)', 'torch.bernoulli(p)')
exact('bernoulli_draws_then_rand', S0 + 'x = torch.empty(5).bernoulli_(0.5)', 'torch.rand(3)')
err('bernoulli_bad_p', '', 'torch.empty(2).bernoulli_(1.5)', 'RuntimeError', 'bernoulli_ expects p to be in [0, 1], but got p=1.5')
err('bernoulli_bad_tensor_p', '', 'torch.bernoulli(torch.tensor([1.5]))', 'RuntimeError')

# --------------------------------------------------------------------------------------------
# functional activations and distances
# --------------------------------------------------------------------------------------------
XA = S0 + 'x = (torch.randn(3, 4) * 3).requires_grad_()\n'
for fn, ex in [('softplus', 'F.softplus(x)'), ('softplus_beta', 'F.softplus(x, beta=2, threshold=1)'), ('elu', 'F.elu(x)'),
               ('elu_alpha', 'F.elu(x, alpha=0.5)'), ('selu', 'F.selu(x)'), ('celu', 'F.celu(x, alpha=2.)'), ('silu', 'F.silu(x)'),
               ('mish', 'F.mish(x)'), ('hardsigmoid', 'F.hardsigmoid(x)'), ('hardswish', 'F.hardswish(x)'),
               ('softsign', 'F.softsign(x)'), ('tanhshrink', 'F.tanhshrink(x)'), ('logsigmoid', 'F.logsigmoid(x)'),
               ('glu', 'F.glu(x)'), ('glu_dim0', 'F.glu(x[:2], 0)'), ('softmin', 'F.softmin(x, dim=1)'),
               ('hardshrink', 'F.hardshrink(x, 1.)'), ('softshrink', 'F.softshrink(x)'),
               ('threshold', 'F.threshold(x, 0.5, -1.)')]:
    case('F_' + fn, XA, ex)
exact('F_hardtanh', XA, 'F.hardtanh(x)')
exact('F_hardtanh_bounds', XA, 'F.hardtanh(x, -2., 2.)')
exact('F_relu6', XA, 'F.relu6(x)')
exact('F_hardtanh_edges', "x = torch.tensor([-1., 1., 0.5, -2.], requires_grad=True)", 'F.hardtanh(x)')
case('F_elu_inplace', XA + 'y = x.detach().clone()', 'F.elu(y, inplace=True)')
err('F_glu_odd', '', 'F.glu(torch.ones(3, 3))', 'RuntimeError', 'Halving dimension must be even, but dimension 1 is size 3')
case('F_prelu', XA + "w = torch.tensor([0.25], requires_grad=True)", 'F.prelu(x, w)')
case('F_prelu_channels', rn('x', 2, 3, 4) + "w = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)", 'F.prelu(x, w)')
case('F_normalize', X, 'F.normalize(x)')
case('F_normalize_dim0_p1', X, 'F.normalize(x, p=1, dim=0)')
case('F_pairwise_distance', XY, 'F.pairwise_distance(x, y)')
case('F_pairwise_distance_p1_keepdim', XY, 'F.pairwise_distance(x, y, p=1, keepdim=True)')
case('F_cosine_similarity', XY, 'F.cosine_similarity(x, y)')
case('F_cosine_similarity_dim0', XY, 'F.cosine_similarity(x, y, dim=0)')
case('F_cosine_similarity_1d', rn('a', 5) + rn('b', 5, seed=False), 'F.cosine_similarity(a, b, dim=0)')

# --------------------------------------------------------------------------------------------
# embeddings
# --------------------------------------------------------------------------------------------
EMB = S0 + 'm = nn.Embedding(10, 3)\n'
exact('embedding_weight', EMB, 'm.weight')
exact('embedding_weight_16', S0 + 'm = nn.Embedding(8, 4)', 'm.weight')
exact('embedding_forward', EMB + 'i = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])', 'm(i)')
exact('embedding_forward_1d', EMB, 'm(torch.tensor([0, 0, 7]))')
exact('embedding_padding_weight', S0 + 'm = nn.Embedding(5, 2, padding_idx=0)', 'm.weight')
exact('embedding_padding_grad', S0 + 'm = nn.Embedding(5, 2, padding_idx=0)', 'm(torch.tensor([0, 2, 0, 2, 4]))')
exact('embedding_negative_padding', S0 + 'm = nn.Embedding(5, 2, padding_idx=-1)', 'm(torch.tensor([4, 1]))')
case('embedding_max_norm', S0 + 'm = nn.Embedding(6, 3, max_norm=1.0)\nout = m(torch.tensor([1, 2, 1]))', 'm.weight')
case('embedding_max_norm_out', S0 + 'm = nn.Embedding(6, 3, max_norm=1.0)', 'm(torch.tensor([1, 2, 1]))')
case('embedding_scale_grad', S0 + 'm = nn.Embedding(6, 3, scale_grad_by_freq=True)', 'm(torch.tensor([1, 2, 1, 1]))')
rep('embedding_repr', EMB, 'm')
rep('embedding_repr_options', S0 + 'm = nn.Embedding(10, 3, padding_idx=0, max_norm=1.0)', 'm')
rep('embedding_repr_norm_type', S0 + 'm = nn.Embedding(10, 3, max_norm=2, norm_type=1.0, scale_grad_by_freq=True)', 'm')
rep('embedding_attrs', EMB, '(m.num_embeddings, m.embedding_dim, m.padding_idx, m.max_norm, m.norm_type)')
rep('embedding_padding_attr', S0 + 'm = nn.Embedding(5, 2, padding_idx=-2)', 'm.padding_idx')
exact('embedding_from_pretrained', "w = torch.tensor([[1., 2.3, 3.], [4., 5.1, 6.3]])\nm = nn.Embedding.from_pretrained(w)", 'm(torch.tensor([1]))')
rep('embedding_from_pretrained_frozen', "w = torch.tensor([[1., 2.], [4., 5.]])\nm = nn.Embedding.from_pretrained(w)", '(m.weight.requires_grad, m)')
exact('embedding_from_pretrained_trainable', "w = torch.tensor([[1., 2.], [4., 5.]])\nm = nn.Embedding.from_pretrained(w, freeze=False)", 'm(torch.tensor([1, 1]))')
exact('F_embedding', S0 + 'w = torch.randn(4, 3, requires_grad=True)', 'F.embedding(torch.tensor([[0, 2], [3, 3]]), w)')
exact('F_embedding_padding', S0 + 'w = torch.randn(4, 3, requires_grad=True)', 'F.embedding(torch.tensor([0, 2, 0]), w, padding_idx=0)')
err('embedding_oob', EMB, 'm(torch.tensor([10]))', 'IndexError', 'index out of range in self')
err('embedding_float_input', EMB, 'm(torch.tensor([1.]))', 'RuntimeError')
err('embedding_bad_padding', '', 'nn.Embedding(5, 2, padding_idx=5)', 'AssertionError', 'Padding_idx must be within num_embeddings')
case('embedding_lookup_then_linear', S0 + 'e = nn.Embedding(6, 4)\nl = nn.Linear(4, 2)', 'l(e(torch.tensor([[1, 5], [0, 2]])).mean(1))')

# --------------------------------------------------------------------------------------------
# recurrent layers
# --------------------------------------------------------------------------------------------
def flat_rnn(call, lstm):
    if lstm:
        return f'(lambda r: torch.cat([r[0].flatten(), r[1][0].flatten(), r[1][1].flatten()]))({call})'
    return f'(lambda r: torch.cat([r[0].flatten(), r[1].flatten()]))({call})'


for cls in ['RNN', 'LSTM', 'GRU']:
    L = cls == 'LSTM'
    base = S0 + f'm = nn.{cls}(3, 4)\nx = torch.randn(5, 2, 3)\n'
    exact(f'{cls}_params', S0 + f'm = nn.{cls}(3, 4)', 'm.weight_ih_l0')
    exact(f'{cls}_params_hh', S0 + f'm = nn.{cls}(3, 4)', 'm.bias_hh_l0')
    rep(f'{cls}_param_names', S0 + f'm = nn.{cls}(3, 4, num_layers=2, bidirectional=True)', '[(n, tuple(p.shape)) for n, p in m.named_parameters()]')
    case(f'{cls}_forward', base, flat_rnn('m(x)', L))
    case(f'{cls}_output_grad', base, 'm(x)[0]')
    case(f'{cls}_hidden_grad', base, f'm(x)[1]{"[0]" if L else ""}')
    case(f'{cls}_input_grad', base + 'x.requires_grad_()', 'm(x)[0]')
    multi = S0 + f'm = nn.{cls}(3, 4, num_layers=2, bidirectional=True)\nx = torch.randn(5, 2, 3)\n'
    exact(f'{cls}_multi_params_last', S0 + f'm = nn.{cls}(3, 4, num_layers=2, bidirectional=True)', 'm.bias_hh_l1_reverse')
    case(f'{cls}_multi_forward', multi, flat_rnn('m(x)', L))
    case(f'{cls}_multi_output_grad', multi, 'm(x)[0]')
    case(f'{cls}_multi_hidden_grad', multi, f'm(x)[1]{"[1]" if L else ""}')
    bf = S0 + f'm = nn.{cls}(3, 4, batch_first=True)\nx = torch.randn(2, 5, 3)\n'
    case(f'{cls}_batch_first', bf, 'm(x)[0]')
    case(f'{cls}_unbatched', base, 'm(x[:, 0])[0]')
    case(f'{cls}_unbatched_hidden', base, f'm(x[:, 0])[1]{"[0]" if L else ""}')
    hx = '(h0, c0)' if L else 'h0'
    given = base + 'h0 = torch.randn(1, 2, 4, requires_grad=True)\nc0 = torch.randn(1, 2, 4, requires_grad=True)\n'
    case(f'{cls}_given_hx', given, f'm(x, {hx})[0]')
    case(f'{cls}_nobias', S0 + f'm = nn.{cls}(3, 4, bias=False)\nx = torch.randn(5, 2, 3)', 'm(x)[0]')
    case(f'{cls}_dropout_train', S0 + f'm = nn.{cls}(3, 4, num_layers=2, dropout=0.5)\nx = torch.randn(5, 2, 3)', 'm(x)[0]')
    case(f'{cls}_dropout_eval', S0 + f'm = nn.{cls}(3, 4, num_layers=2, dropout=0.5)\nm.eval()\nx = torch.randn(5, 2, 3)', 'm(x)[0]')
    rep(f'{cls}_repr', S0 + f'm = nn.{cls}(3, 4)', 'm')
    rep(f'{cls}_repr_options', S0 + f'm = nn.{cls}(3, 4, 2, bias=False, batch_first=True, dropout=0.1, bidirectional=True)', 'm')
    rep(f'{cls}_attrs', S0 + f'm = nn.{cls}(3, 4, 2)', '(m.input_size, m.hidden_size, m.num_layers, m.bias, m.batch_first, m.dropout, m.bidirectional)')
    err(f'{cls}_bad_input_size', base, 'm(torch.randn(5, 2, 7))', 'RuntimeError', 'input.size(-1) must be equal to input_size. Expected 3, got 7')
    err(f'{cls}_bad_ndim', base, 'm(torch.randn(5, 2, 3, 1))', 'ValueError', f'{cls}: Expected input to be 2D or 3D, got 4D {"tensor " if cls == "RNN" else ""}instead')
    bad_h = '(torch.zeros(1, 3, 4), torch.zeros(1, 3, 4))' if L else 'torch.zeros(1, 3, 4)'
    err(f'{cls}_bad_hidden', base, f'm(x, {bad_h})', 'RuntimeError')
    err(f'{cls}_int_input', base, 'm(torch.ones(5, 2, 3, dtype=torch.long))', 'ValueError', 'RNN input dtype (torch.int64) does not match weight dtype (torch.float32). Convert input: input.to(torch.float32), or convert model: model.to(torch.int64)')
    err(f'{cls}_bad_hidden_size', '', f'nn.{cls}(3, 0)', 'ValueError', 'hidden_size must be greater than zero')
    err(f'{cls}_bad_dropout', '', f'nn.{cls}(3, 4, dropout=1.5)', 'ValueError')
    # cells
    C = cls + 'Cell'
    cbase = S0 + f'c = nn.{C}(3, 4)\nx = torch.randn(2, 3)\n'
    exact(f'{C}_params', S0 + f'c = nn.{C}(3, 4)', 'c.weight_hh')
    rep(f'{C}_param_names', S0 + f'c = nn.{C}(3, 4)', '[(n, tuple(p.shape)) for n, p in c.named_parameters()]')
    case(f'{C}_forward', cbase, 'c(x)[0]' if L else 'c(x)')
    if L:
        case(f'{C}_forward_c', cbase, 'c(x)[1]')
        case(f'{C}_given', cbase + 'h = torch.randn(2, 4, requires_grad=True)\nk = torch.randn(2, 4)', 'c(x, (h, k))[1]')
    else:
        case(f'{C}_given', cbase + 'h = torch.randn(2, 4, requires_grad=True)', 'c(x, h)')
    case(f'{C}_unbatched', cbase, 'c(x[0])[0]' if L else 'c(x[0])')
    rep(f'{C}_repr', S0 + f'c = nn.{C}(3, 4, bias=False)', 'c')
    err(f'{C}_bad_input', cbase, 'c(torch.randn(2, 5))', 'RuntimeError', 'input has inconsistent input_size: got 5 expected 3')
rep('RNN_relu_repr', S0 + "m = nn.RNN(3, 4, nonlinearity='relu')", 'm')
case('RNN_relu_forward', S0 + "m = nn.RNN(3, 4, nonlinearity='relu')\nx = torch.randn(5, 2, 3)", 'm(x)[0]')
rep('RNNCell_relu_repr', S0 + "c = nn.RNNCell(3, 4, nonlinearity='relu')", 'c')
err('RNN_bad_nonlinearity', '', "nn.RNN(3, 4, nonlinearity='sigmoid')", 'ValueError', "Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.")
case('LSTM_positional_layers', S0 + 'm = nn.LSTM(10, 20, 2)\nx = torch.randn(5, 3, 10)', 'm(x)[1][0]')
case('LSTM_classifier_step', S0 + 'e = nn.Embedding(10, 4)\nl = nn.LSTM(4, 6, batch_first=True)\nfc = nn.Linear(6, 2)\ni = torch.tensor([[1, 3, 5], [2, 2, 9]])',
     'fc(l(e(i))[0][:, -1])')

# --------------------------------------------------------------------------------------------
# torch.autograd: Function, grad, backward
# --------------------------------------------------------------------------------------------
LEG = '''class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)
'''
RELU = '''class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, k=2):
        ctx.save_for_backward(input)
        ctx.k = k
        return input.clamp(min=0) * k

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        g = grad_output.clone()
        g[input < 0] = 0
        return g * ctx.k, None
'''
TWO = '''class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b, a + b

    @staticmethod
    def backward(ctx, g1, g2):
        a, b = ctx.saved_tensors
        return g1 * b + g2, g1 * a + g2
'''
EXPF = '''class ExpF(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        r = a.exp()
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, g):
        r, = ctx.saved_tensors
        return g * r
'''
case('function_legendre', LEG + rn('x', 5), 'LegendrePolynomial3.apply(x)')
case('function_legendre_chain', LEG + rn('x', 5) + "c = torch.tensor(0.1, requires_grad=True)\nd = torch.tensor(0.3, requires_grad=True)", 'LegendrePolynomial3.apply(c + d * x)')
exact('function_relu', RELU + rn('x', 6), 'MyReLU.apply(x, 3)')
exact('function_relu_default_arg', RELU + rn('x', 6), 'MyReLU.apply(x)')
rep('function_grad_fn_name', RELU + rn('x', 3), 'type(MyReLU.apply(x).grad_fn).__name__')
rep('function_next_functions', RELU + rn('x', 3), 'len(MyReLU.apply(x * 2, 1).grad_fn.next_functions)')
rep('function_no_grad_input', RELU + rn('x', 3, rg=False), '(MyReLU.apply(x).grad_fn, MyReLU.apply(x).requires_grad)')
rep('function_under_no_grad', RELU + rn('x', 3) + 'with torch.no_grad():\n    z = MyReLU.apply(x)', '(z.grad_fn, z.requires_grad)')
case('function_two_outputs_first', TWO + rn('a', 4) + rn('b', 4, seed=False), 'Two.apply(a, b)[0]')
case('function_two_outputs_sum', TWO + rn('a', 4) + rn('b', 4, seed=False), '(lambda r: r[0] * 2 + r[1])(Two.apply(a, b))')
case('function_saves_output', EXPF + rn('x', 4), 'ExpF.apply(x)')
case('function_in_module', LEG + S0 + '''class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
    def forward(self, x):
        return LegendrePolynomial3.apply(self.fc(x))
net = Net()
x = torch.randn(4, 3)''', 'net(x)')
# the newer style: forward without ctx, setup_context(ctx, inputs, output) (the Extending PyTorch notes)
CUBE = '''class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(x):
        result = x ** 3
        dx = 3 * x ** 2
        return result, dx
    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)
    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        return grad_output * dx + grad_dx * 6 * x
'''
case('function_setup_context_two_outputs', CUBE + rn('x', 4), 'MyCube.apply(x)[0]')
case('function_setup_context_both_outputs', CUBE + rn('x', 4) + 'r, d = MyCube.apply(x)', 'r + d')
exact('f64_function_two_outputs', CUBE + 'x = torch.tensor([1.1, -2.3, 0.7], dtype=torch.float64, requires_grad=True)\nr, d = MyCube.apply(x)', 'r * 0.1 + d * 0.7')
MULC = '''class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(tensor, constant=2.0):
        return tensor * constant
    @staticmethod
    def setup_context(ctx, inputs, output):
        tensor, constant = inputs
        ctx.constant = constant
    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None
'''
case('function_setup_context_constant', MULC + rn('x', 3), 'MulConstant.apply(x, 5.0)')
case('function_setup_context_default', MULC + rn('x', 3), 'MulConstant.apply(x)')
rep('function_setup_context_inputs', '''class Show(torch.autograd.Function):
    @staticmethod
    def forward(a, b=3, c=None):
        return a * b
    @staticmethod
    def setup_context(ctx, inputs, output):
        global seen
        seen = (len(inputs), inputs[1:], ctx.needs_input_grad, torch.is_grad_enabled())
    @staticmethod
    def backward(ctx, g):
        return g, None, None
x = torch.ones(2, requires_grad=True)
y = Show.apply(x, c=4)''', 'seen')
# double backward through custom Functions ("Double Backward with Custom Functions"): backward runs
# with grad mode on under create_graph; a saved output comes back with the Function's node as grad_fn
SQF = '''class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**2
    @staticmethod
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return grad_out * 2 * x
'''
EXF = '''class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = torch.exp(x)
        ctx.save_for_backward(result)
        return result
    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return result * grad_out
'''
X64 = 'x = torch.tensor([0.5, 1.5, -2.0], dtype=torch.double, requires_grad=True)\n'
exact('function_double_backward_input_saved', SQF + X64 + 'g, = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)', 'torch.autograd.grad((g * g).sum(), x)[0]')
exact('function_double_backward_output_saved', EXF + X64 + 'g, = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)', 'torch.autograd.grad((g * g).sum(), x)[0]')
rep('function_double_backward_grad_fn', EXF + X64 + 'g, = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)', '(g.requires_grad, g.grad_fn.name(), g.grad_fn.next_functions[0][0].name())')
exact('function_backward_create_graph', SQF + 'z = torch.tensor([1., 2.], requires_grad=True)\nSquare.apply(z).sum().backward(create_graph=True)\nq = (z.grad * z.grad).sum()\nz.grad = None\nq.backward()', 'z.grad')
exact('create_graph_unsqueeze_', 'y = torch.tensor([[1., 2.]], requires_grad=True) * 1\ny.unsqueeze_(0)\ng, = torch.autograd.grad((y ** 3).sum(), y, create_graph=True)', 'g')
# gradcheck / gradgradcheck (slow mode): numerical vs analytical Jacobians; gradgradcheck draws its
# grad_outputs from the global generator (make_tensor: uniform in [-1, 1))
GX = S0 + 'x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)\n'
rep('gradcheck_square', SQF + GX, 'torch.autograd.gradcheck(Square.apply, x)')
rep('gradgradcheck_square', SQF + GX, 'torch.autograd.gradgradcheck(Square.apply, x)')
rep('gradgradcheck_exp_scalar', EXF + 'x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()', '(torch.autograd.gradcheck(Exp.apply, x), torch.autograd.gradgradcheck(Exp.apply, x))')
exact('gradgradcheck_rng_after', SQF + GX + 'torch.autograd.gradgradcheck(Square.apply, x)', 'torch.rand(3)')
rep('gradcheck_two_inputs', S0 + 'w = torch.randn(2, 3, dtype=torch.double, requires_grad=True)\nv = torch.randn(3, dtype=torch.double, requires_grad=True)',
    '(torch.autograd.gradcheck(lambda a, b: (a @ b).tanh(), (w, v)), torch.autograd.gradgradcheck(lambda a, b: (a @ b).tanh(), [w, v]))')
BADF = '''class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 2 * x
y = torch.tensor([0.5, -1.0], dtype=torch.double, requires_grad=True)
'''
rep('gradcheck_wrong_no_raise', BADF, 'torch.autograd.gradcheck(Bad.apply, (y,), raise_exception=False)')
err('gradcheck_wrong', BADF, 'torch.autograd.gradcheck(Bad.apply, (y,))', 'GradcheckError',
    'Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[0.7500, 0.0000],\n        [0.0000, 3.0000]], dtype=torch.float64)\nanalytical:tensor([[ 1.,  0.],\n        [-0., -2.]], dtype=torch.float64)\n')
err('gradcheck_no_input_requires_grad', SQF, 'torch.autograd.gradcheck(Square.apply, (torch.ones(2, dtype=torch.double),))', 'ValueError',
    'gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.')
rep('gradcheck_float32_warns', '', 'torch.autograd.gradcheck(torch.sigmoid, (torch.tensor([0.3, -0.2], requires_grad=True),), atol=1e-2, eps=1e-3)')
SINH = '''class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        return (expx - expnegx) / 2, expx, expnegx
    @staticmethod
    def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        grad_input += _grad_out_exp * expx
        grad_input -= _grad_out_negexp * expnegx
        return grad_input
'''
exact('function_double_backward_several_outputs', SINH + X64 + 'g, = torch.autograd.grad(Sinh.apply(x)[0].sum(), x, create_graph=True)', 'torch.stack([g.detach(), torch.autograd.grad((g * g).sum(), x)[0]])')
case('function_several_outputs_used', SINH + X64 + 'y, e, ne = Sinh.apply(x)', 'y * 2 + e * 3 - ne')
rep('function_needs_input_grad', '''class N(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, k):
        ctx.mark_non_differentiable
        global needs
        needs = ctx.needs_input_grad
        return a * b * k
    @staticmethod
    def backward(ctx, g):
        return g, g, None
a = torch.ones(2, requires_grad=True)
b = torch.ones(2)
y = N.apply(a, b, 3)''', 'needs')
err('function_wrong_count', '''class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * b
    @staticmethod
    def backward(ctx, g):
        return g
x = torch.ones(3, requires_grad=True)''', 'Bad.apply(x, x).sum().backward()', 'RuntimeError', 'function BadBackward returned an incorrect number of gradients (expected 2, got 1)')
err('function_wrong_shape', '''class Bad2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2
    @staticmethod
    def backward(ctx, g):
        return torch.ones(5)
x = torch.ones(3, requires_grad=True)''', 'Bad2.apply(x).sum().backward()', 'RuntimeError', 'Function Bad2Backward returned an invalid gradient at index 0 - got [5] but expected shape compatible with [3]')
err('function_second_backward', RELU + rn('x', 3) + 'y = MyReLU.apply(x).sum()\ny.backward()', 'y.backward()', 'RuntimeError')
err('function_legacy_call', RELU + rn('x', 3), 'MyReLU()(x)', 'RuntimeError', 'Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)')
case('function_broadcast_grad', '''class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, s):
        ctx.save_for_backward(a, s)
        return a * s
    @staticmethod
    def backward(ctx, g):
        a, s = ctx.saved_tensors
        return g * s, g * a
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
s = torch.tensor(2., requires_grad=True)''', 'Scale.apply(x, s)')

# autograd.grad and backward variants
rep('autograd_grad', 'x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = (x ** 2).sum()', 'torch.autograd.grad(y, x)')
rep('autograd_grad_leaves_untouched', 'x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = (x ** 2).sum()\ng = torch.autograd.grad(y, [x])', 'x.grad')
rep('autograd_grad_two_inputs', 'x = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor([3., 4.], requires_grad=True)\ny = (x * w).sum()', 'torch.autograd.grad(y, (x, w))')
rep('autograd_grad_outputs', 'x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 3', 'torch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 0.5]))')
rep('autograd_grad_nonleaf', 'x = torch.tensor([1., 2.], requires_grad=True)\nh = x * 2\ny = (h ** 2).sum()', 'torch.autograd.grad(y, h)')
rep('autograd_grad_allow_unused', 'x = torch.tensor([1., 2.], requires_grad=True)\nz = torch.tensor([1.], requires_grad=True)\ny = (x ** 2).sum()', 'torch.autograd.grad(y, [x, z], allow_unused=True)')
rep('autograd_grad_materialize', 'x = torch.tensor([1., 2.], requires_grad=True)\nz = torch.tensor([1.], requires_grad=True)\ny = (x ** 2).sum()', 'torch.autograd.grad(y, [x, z], materialize_grads=True)')
err('autograd_grad_unused', 'x = torch.tensor([1., 2.], requires_grad=True)\nz = torch.tensor([1.], requires_grad=True)\ny = (x ** 2).sum()', 'torch.autograd.grad(y, [x, z])', 'RuntimeError', 'The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.')
err('autograd_grad_twice', 'x = torch.tensor([1., 2.], requires_grad=True)\ny = (x ** 3).sum()\ng = torch.autograd.grad(y, x)', 'torch.autograd.grad(y, x)', 'RuntimeError')
rep('autograd_grad_retain', 'x = torch.tensor([1., 2.], requires_grad=True)\ny = (x ** 3).sum()\ng = torch.autograd.grad(y, x, retain_graph=True)', 'torch.autograd.grad(y, x)')
err('autograd_grad_no_grad_input', 'x = torch.tensor([1., 2.])\nw = torch.tensor([1., 2.], requires_grad=True)\ny = (x * w).sum()', 'torch.autograd.grad(y, x)', 'RuntimeError', 'One of the differentiated Tensors does not require grad')
err('autograd_grad_nonscalar', 'x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2', 'torch.autograd.grad(y, x)', 'RuntimeError', 'grad can be implicitly created only for scalar outputs')
case('autograd_grad_create_graph', 'x = torch.tensor([1., 2., 3.], requires_grad=True)', 'torch.autograd.grad((x ** 3).sum(), x, create_graph=True)[0]')
rep('autograd_second_derivative', 'x = torch.tensor([1., 2., 3.], requires_grad=True)\ng, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)', 'torch.autograd.grad(g.sum(), x)')
rep('autograd_second_derivative_mixed', 'x = torch.tensor([0.5, 2.], requires_grad=True)\ny = (x.sin() * x.log() + x / 3).sum()\ng, = torch.autograd.grad(y, x, create_graph=True)', 'torch.autograd.grad(g.sum(), x)')
rep('backward_create_graph_grad', 'x = torch.tensor([1., 2.], requires_grad=True)\n(x ** 3).sum().backward(create_graph=True)', '(x.grad, x.grad.requires_grad)')
rep('autograd_backward_fn', 'x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward((x * x).sum())', 'x.grad')
rep('autograd_backward_two_roots', 'x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward([(x * x).sum(), (3 * x).sum()])', 'x.grad')
rep('autograd_backward_grad_tensors', 'x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward([x * 2], grad_tensors=[torch.tensor([1., 10.])])', 'x.grad')
rep('backward_inputs', 'x = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor([3., 4.], requires_grad=True)\n(x * w).sum().backward(inputs=[w])', '(x.grad, w.grad)')
rep('variable', 'from torch.autograd import Variable\nv = Variable(torch.ones(2), requires_grad=True)', '(v, v.requires_grad)')

# --------------------------------------------------------------------------------------------
# losses
# --------------------------------------------------------------------------------------------
LXY = S0 + 'x = (torch.randn(3, 4) * 2).requires_grad_()\ny = torch.randn(3, 4)\n'
for fn, ex in [('smooth_l1', 'F.smooth_l1_loss(x, y)'), ('smooth_l1_beta', 'F.smooth_l1_loss(x, y, beta=0.5)'),
               ('smooth_l1_sum', "F.smooth_l1_loss(x, y, reduction='sum')"), ('smooth_l1_none', "F.smooth_l1_loss(x, y, reduction='none')"),
               ('smooth_l1_beta0', 'F.smooth_l1_loss(x, y, beta=0.)'),
               ('huber', 'F.huber_loss(x, y)'), ('huber_delta', 'F.huber_loss(x, y, delta=0.5)'), ('huber_none', "F.huber_loss(x, y, reduction='none')"),
               ('huber_weight', 'F.huber_loss(x, y, weight=torch.full((3, 4), 0.5))'),
               ('soft_margin', 'F.soft_margin_loss(x, y.sign())'), ('soft_margin_sum', "F.soft_margin_loss(x, y.sign(), reduction='sum')"),
               ('poisson_nll', 'F.poisson_nll_loss(x, y.abs())'), ('poisson_nll_nolog', 'F.poisson_nll_loss(x.abs() + 0.1, y.abs(), log_input=False)'),
               ('poisson_nll_full', 'F.poisson_nll_loss(x, y.abs() * 3, full=True)'),
               ('gaussian_nll', 'F.gaussian_nll_loss(x, y, torch.full((3, 4), 0.5))'),
               ('gaussian_nll_homo', 'F.gaussian_nll_loss(x, y, torch.full((3,), 0.5), full=True)'),
               ('gaussian_nll_sum', "F.gaussian_nll_loss(x, y, torch.full((3, 1), 2.), reduction='sum')"),
               ('hinge_embedding', 'F.hinge_embedding_loss(x, y.sign())')]:
    case('loss_F_' + fn, LXY, ex)
KL = S0 + 'x = F.log_softmax(torch.randn(3, 5), dim=1).requires_grad_()\nt = F.softmax(torch.randn(3, 5), dim=1)\n'
case('loss_kl_div_batchmean', KL, "F.kl_div(x, t, reduction='batchmean')")
case('loss_kl_div_mean', KL, 'F.kl_div(x, t)')
case('loss_kl_div_sum', KL, "F.kl_div(x, t, reduction='sum')")
case('loss_kl_div_none', KL, "F.kl_div(x, t, reduction='none')")
case('loss_kl_div_log_target', KL, "F.kl_div(x, t.log(), reduction='batchmean', log_target=True)")
case('loss_kl_div_zero_target', S0 + 'x = torch.randn(2, 3, requires_grad=True)\nt = torch.tensor([[0., 0.5, 0.5], [1., 0., 0.]])', "F.kl_div(x, t, reduction='batchmean')")
case('loss_KLDivLoss', KL + "crit = nn.KLDivLoss(reduction='batchmean')", 'crit(x, t)')
case('loss_SmoothL1Loss', LXY + 'crit = nn.SmoothL1Loss()', 'crit(x, y)')
case('loss_SmoothL1Loss_beta', LXY + 'crit = nn.SmoothL1Loss(beta=2.0)', 'crit(x, y)')
case('loss_HuberLoss', LXY + 'crit = nn.HuberLoss(delta=0.3)', 'crit(x, y)')
case('loss_SoftMarginLoss', LXY + 'crit = nn.SoftMarginLoss()', 'crit(x, y.sign())')
case('loss_PoissonNLLLoss', LXY + 'crit = nn.PoissonNLLLoss()', 'crit(x, y.abs())')
case('loss_HingeEmbeddingLoss', LXY + 'crit = nn.HingeEmbeddingLoss(margin=0.5)', 'crit(x, y.sign())')
case('loss_GaussianNLLLoss', LXY + 'crit = nn.GaussianNLLLoss()\nv = torch.full((3, 4), 0.7, requires_grad=True)', 'crit(x, y, v)')
X12 = S0 + 'a = torch.randn(3, 5, requires_grad=True)\nb = torch.randn(3, 5, requires_grad=True)\n'
case('loss_cosine_embedding', X12, 'F.cosine_embedding_loss(a, b, torch.tensor([1, -1, 1]))')
case('loss_cosine_embedding_margin', X12, 'F.cosine_embedding_loss(a, b, torch.tensor([1, -1, -1]), margin=0.2)')
case('loss_CosineEmbeddingLoss', X12 + 'crit = nn.CosineEmbeddingLoss(margin=0.1)', "crit(a, b, torch.tensor([-1, -1, 1]))")
case('loss_margin_ranking', X12, 'F.margin_ranking_loss(a[:, 0], b[:, 0], torch.tensor([1., -1., 1.]))')
case('loss_MarginRankingLoss', X12 + 'crit = nn.MarginRankingLoss(margin=0.5)', 'crit(a[:, 1], b[:, 1], torch.tensor([1., -1., -1.]))')
case('loss_triplet_margin', X12 + 'c = torch.randn(3, 5, requires_grad=True)', 'F.triplet_margin_loss(a, b, c)')
case('loss_triplet_margin_p1_swap', X12 + 'c = torch.randn(3, 5, requires_grad=True)', 'F.triplet_margin_loss(a, b, c, margin=2.0, p=1, swap=True)')
case('loss_TripletMarginLoss', X12 + 'c = torch.randn(3, 5, requires_grad=True)\ncrit = nn.TripletMarginLoss(margin=0.5)', 'crit(a, b, c)')
for cls in ['SmoothL1Loss', 'HuberLoss', 'KLDivLoss', 'SoftMarginLoss', 'PoissonNLLLoss', 'GaussianNLLLoss', 'CosineEmbeddingLoss', 'MarginRankingLoss', 'TripletMarginLoss', 'HingeEmbeddingLoss']:
    rep(f'loss_repr_{cls}', f'crit = nn.{cls}()', 'crit')
err('loss_margin_ranking_dims', X12, 'F.margin_ranking_loss(a, b[:, 0], torch.tensor([1., -1., 1.]))', 'RuntimeError')
err('loss_gaussian_negative_var', LXY, 'F.gaussian_nll_loss(x, y, torch.full((3, 4), -1.))', 'ValueError', 'var has negative entry/entries')
err('loss_triplet_margin_zero', X12, 'F.triplet_margin_loss(a, b, a, margin=0.)', 'ValueError', 'margin must be greater than 0, got 0.0')
err('loss_bad_reduction', '', "nn.SmoothL1Loss(reduction='avg')(torch.ones(2), torch.ones(2))", 'ValueError', 'avg is not a valid value for reduction')
rep('loss_xlogy', '', 'torch.xlogy(torch.tensor([0., 1., 2.]), torch.tensor([0., 3., float("nan")]))')
case('loss_xlogy_grad', S0 + 'a = torch.rand(4, requires_grad=True)\nb = (torch.rand(4) + 0.5).requires_grad_()', 'torch.xlogy(a, b)')

# --------------------------------------------------------------------------------------------
# optimizers and schedulers
# --------------------------------------------------------------------------------------------
MLP = S0 + '''model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
X = torch.randn(16, 4)
Y = torch.randn(16, 3)
'''
STEP = '''
def step():
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    opt.step()
    return loss
'''
MLP_FINAL = ['model[0].weight', 'model[0].bias', 'model[2].weight', 'model[2].bias']
for nm, ctor in [('adagrad', 'optim.Adagrad(model.parameters())'),
                 ('adagrad_all', 'optim.Adagrad(model.parameters(), lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8)'),
                 ('adagrad_maximize', 'optim.Adagrad(model.parameters(), lr=0.05, maximize=True)'),
                 ('adadelta', 'optim.Adadelta(model.parameters())'),
                 ('adadelta_all', 'optim.Adadelta(model.parameters(), lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01)'),
                 ('adamax', 'optim.Adamax(model.parameters())'),
                 ('adamax_all', 'optim.Adamax(model.parameters(), lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)'),
                 ('nadam', 'optim.NAdam(model.parameters())'),
                 ('nadam_all', 'optim.NAdam(model.parameters(), lr=0.01, betas=(0.85, 0.99), weight_decay=0.01, momentum_decay=0.01)'),
                 ('nadam_decoupled', 'optim.NAdam(model.parameters(), lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)'),
                 ('radam', 'optim.RAdam(model.parameters())'),
                 ('radam_all', 'optim.RAdam(model.parameters(), lr=0.01, betas=(0.8, 0.9), weight_decay=0.01)'),
                 ('radam_decoupled', 'optim.RAdam(model.parameters(), lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)')]:
    traj(f'trajectory_{nm}', MLP + f'opt = {ctor}\n' + STEP, final=MLP_FINAL)
for nm, ctor, extra in [('adagrad', 'optim.Adagrad([p], lr=0.3)', "'sum'"), ('adadelta', 'optim.Adadelta([p])', "'acc_delta'"),
                        ('adamax', 'optim.Adamax([p], lr=0.1)', "'exp_inf'"), ('nadam', 'optim.NAdam([p], lr=0.1)', "'mu_product'"),
                        ('radam', 'optim.RAdam([p], lr=0.1)', "'exp_avg_sq'")]:
    st = f'p = torch.tensor([1., -2., 3.], requires_grad=True)\nopt = {ctor}\nfor i in range(4):\n    opt.zero_grad()\n    ((p - 0.5) ** 2).sum().backward()\n    opt.step()'
    case(f'optim_{nm}_param', st, 'p.detach()')
    case(f'optim_{nm}_state', st, f'opt.state[p][{extra}]')
    rep(f'optim_{nm}_state_keys', st, 'list(opt.state[p].keys())')
    rep(f'optim_{nm}_repr', 'p = torch.tensor([1.], requires_grad=True)\nopt = ' + ctor, 'opt')
rep('optim_adagrad_state_at_init', 'p = torch.tensor([1., 2.], requires_grad=True)\nopt = optim.Adagrad([p], initial_accumulator_value=0.5)', 'opt.state[p]')
rep('optim_adamax_default_repr', 'p = torch.tensor([1.], requires_grad=True)\nopt = optim.Adamax([p], betas=(0.5, 0.6))', 'opt')
err('optim_adagrad_bad_lr', 'p = torch.tensor([1.], requires_grad=True)', 'optim.Adagrad([p], lr=-1)', 'ValueError', 'Invalid learning rate: -1')
err('optim_adadelta_bad_rho', 'p = torch.tensor([1.], requires_grad=True)', 'optim.Adadelta([p], rho=1.5)', 'ValueError', 'Invalid rho value: 1.5')
err('optim_nadam_bad_beta', 'p = torch.tensor([1.], requires_grad=True)', 'optim.NAdam([p], betas=(1.0, 0.9))', 'ValueError', 'Invalid beta parameter at index 0: 1.0')

SCH = 'p = torch.tensor([1.], requires_grad=True)\nopt = optim.SGD([p], lr=0.1, momentum=0.9)\n'
def sched(name, ctor, n=12, metric=None):
    loop = f'lrs = []\nfor e in range({n}):\n    opt.step()\n    sched.step({metric or ""})\n    lrs.append(opt.param_groups[0]["lr"])'
    rep(f'sched_{name}', SCH + f'sched = {ctor}\n' + loop, 'lrs')
sched('multistep', 'optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 7, 7], gamma=0.5)')
sched('cosine', 'optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5)')
sched('cosine_eta', 'optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4, eta_min=0.01)')
sched('lambda', 'optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 0.95 ** epoch)')
sched('lambda_int', 'optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (e + 1))')
sched('onecycle', 'optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=12)')
sched('onecycle_linear', "optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, epochs=3, steps_per_epoch=4, anneal_strategy='linear', three_phase=True)")
sched('plateau', 'optim.lr_scheduler.ReduceLROnPlateau(opt, patience=2)', metric='1.0')
sched('plateau_improving', "optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', factor=0.5, patience=1, cooldown=1)", metric='torch.tensor(float(e % 3))')
rep('sched_onecycle_momentum', SCH + 'sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)\nopt.step()\nsched.step()', "(opt.param_groups[0]['momentum'], opt.param_groups[0]['initial_lr'], opt.param_groups[0]['max_lr'])")
rep('sched_onecycle_adam_betas', 'p = torch.tensor([1.], requires_grad=True)\nopt = optim.Adam([p], lr=0.1)\nsched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)\nopt.step()\nsched.step()', "opt.param_groups[0]['betas']")
rep('sched_lambda_last_lr', SCH + 'sched = optim.lr_scheduler.LambdaLR(opt, lambda e: e + 1)\nopt.step()\nsched.step()', 'sched.get_last_lr()')
rep('sched_plateau_last_lr', SCH + 'sched = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)\nsched.step(1.)\nsched.step(2.)', 'sched.get_last_lr()')
err('sched_onecycle_overstep', SCH + 'sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=2)\nopt.step()\nsched.step()\nsched.step()', 'sched.step()', 'ValueError', 'Tried to step 3 times. The specified number of total steps is 2')
err('sched_plateau_factor', SCH, 'optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.5)', 'ValueError', 'Factor should be < 1.0.')

# --------------------------------------------------------------------------------------------
# torch.nn.utils
# --------------------------------------------------------------------------------------------
CLIP = S0 + 'model = nn.Linear(4, 3)\nmodel(torch.randn(5, 4)).pow(2).sum().backward()\n'
case('clip_grad_norm_total', CLIP, 'nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)')
case('clip_grad_norm_grads', CLIP + 'n = nn.utils.clip_grad_norm_(model.parameters(), 1.0)', 'model.weight.grad')
case('clip_grad_norm_no_clip', CLIP + 'n = nn.utils.clip_grad_norm_(model.parameters(), 1000.0)', 'model.bias.grad')
case('clip_grad_norm_inf', CLIP + "n = torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5, norm_type=float('inf'))", 'model.weight.grad')
case('clip_grad_norm_p1', CLIP, 'torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5, norm_type=1)')
case('clip_grad_norm_single_tensor', CLIP, 'nn.utils.clip_grad_norm_(model.weight, 0.1)')
case('clip_grad_value', CLIP + 'nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)', 'model.weight.grad')
exact('parameters_to_vector', S0 + 'model = nn.Linear(3, 2)', 'nn.utils.parameters_to_vector(model.parameters())')
exact('vector_to_parameters', S0 + 'model = nn.Linear(3, 2)\nnn.utils.vector_to_parameters(torch.arange(8.), model.parameters())', 'model.weight')
rep('clip_grad_norm_import', 'from torch.nn.utils import clip_grad_norm_\np = torch.tensor([3., 4.], requires_grad=True)\n(p * p).sum().backward()\nn = clip_grad_norm_([p], 5.)', '(n, p.grad)')
exact('pad_sequence', '', 'torch.nn.utils.rnn.pad_sequence([torch.ones(3), torch.ones(1) * 2, torch.ones(2) * 3])')
exact('pad_sequence_batch_first', 'from torch.nn.utils.rnn import pad_sequence', 'pad_sequence([torch.ones(3, 2), torch.ones(1, 2)], batch_first=True, padding_value=-1.)')

# --------------------------------------------------------------------------------------------
# more layers
# --------------------------------------------------------------------------------------------
XA4 = S0 + 'x = (torch.randn(2, 3, 4) * 3).requires_grad_()\n'
for cls, args, fexpr in [('Softplus', '', 'F.softplus(x)'), ('Softplus', 'beta=2, threshold=10', None), ('ELU', '', None), ('ELU', 'alpha=0.5', None),
                         ('SELU', '', None), ('CELU', '2.', None), ('SiLU', '', None), ('Mish', '', None), ('Hardtanh', '', None),
                         ('Hardtanh', '-2, 2', None), ('ReLU6', '', None), ('Softmin', '1', None), ('LogSigmoid', '', None),
                         ('Hardsigmoid', '', None), ('Hardswish', '', None), ('Softsign', '', None), ('Tanhshrink', '', None),
                         ('Threshold', '0.1, 20', None), ('GLU', '', None), ('Hardshrink', '', None), ('Softshrink', '0.3', None)]:
    tag = cls + ('_' + args.replace(', ', '_').replace('=', '').replace('.', 'p').replace('-', 'm') if args else '')
    case(f'module_{tag}', XA4 + f'm = nn.{cls}({args})', 'm(x)')
    rep(f'module_repr_{tag}', f'm = nn.{cls}({args})', 'm')
rep('module_repr_ELU_inplace', 'm = nn.ELU(alpha=0.5, inplace=True)', 'm')
rep('module_repr_SiLU_inplace', 'm = nn.SiLU(True)', 'm')
rep('module_repr_ReLU6_inplace', 'm = nn.ReLU6(True)', 'm')
rep('module_repr_Softmin_none', 'm = nn.Softmin()', 'm')
case('module_ELU_inplace_nonleaf', XA4 + 'm = nn.ELU(inplace=True)', 'm(x * 1)')
exact('module_Unflatten', S0 + 'x = torch.randn(2, 12, requires_grad=True)\nm = nn.Unflatten(1, (3, 4))', 'm(x)')
rep('module_repr_Unflatten', 'm = nn.Unflatten(1, (2, 2))', 'm')
rep('module_repr_Unflatten_size', 'm = nn.Unflatten(-1, torch.Size([2, 2]))', 'm')
rep('module_in_sequential', 'm = nn.Sequential(nn.Linear(2, 4), nn.SiLU(), nn.Linear(4, 2), nn.Softplus(beta=2))', 'm')
for cls, shape, extra in [('Dropout1d', '2, 3, 4', ''), ('Dropout2d', '2, 3, 4, 4', ''), ('Dropout2d', '2, 3, 4', ''), ('Dropout3d', '2, 3, 2, 2, 2', ''),
                          ('Dropout1d', '3, 4', ''), ('AlphaDropout', '3, 4', '')]:
    case(f'module_{cls}_{shape.count(",") + 1}d', S0 + f'x = torch.randn({shape}, requires_grad=True)\nm = nn.{cls}(0.5)', 'm(x)')
case('module_Dropout2d_eval', S0 + 'x = torch.randn(2, 3, 4, 4)\nm = nn.Dropout2d(0.5)\nm.eval()', 'm(x)')
rep('module_repr_Dropout2d', 'm = nn.Dropout2d(0.3)', 'm')
rep('module_repr_AlphaDropout', 'm = nn.AlphaDropout(0.2)', 'm')
case('F_dropout2d', S0 + 'x = torch.randn(2, 3, 4, 4, requires_grad=True)', 'F.dropout2d(x, 0.3)')
case('F_dropout1d_unbatched', S0 + 'x = torch.randn(3, 4, requires_grad=True)', 'F.dropout1d(x, 0.5)')
case('F_alpha_dropout', S0 + 'x = torch.randn(3, 4, requires_grad=True)', 'F.alpha_dropout(x, 0.5, training=True)')
err('F_dropout1d_bad_dim', '', 'F.dropout1d(torch.ones(2, 3, 4, 5))', 'RuntimeError')

LN = S0 + 'x = torch.randn(2, 3, 4, requires_grad=True)\n'
case('layer_norm_module', LN + 'm = nn.LayerNorm(4)', 'm(x)')
case('layer_norm_module_2d', LN + 'm = nn.LayerNorm([3, 4], eps=1e-6)', 'm(x)')
case('layer_norm_no_affine', LN + 'm = nn.LayerNorm(4, elementwise_affine=False)', 'm(x)')
case('layer_norm_trained_params', LN + 'm = nn.LayerNorm(4)\nwith torch.no_grad():\n    m.weight.mul_(2.)\n    m.bias.add_(0.5)', 'm(x)')
case('F_layer_norm', LN + 'w = torch.randn(4, requires_grad=True)\nb = torch.randn(4, requires_grad=True)', 'F.layer_norm(x, (4,), w, b)')
rep('layer_norm_repr', 'm = nn.LayerNorm(4)', 'm')
rep('layer_norm_repr_options', 'm = nn.LayerNorm([3, 4], eps=1e-6, elementwise_affine=False)', 'm')
rep('layer_norm_repr_nobias', 'm = nn.LayerNorm(4, bias=False)', 'm')
rep('layer_norm_params', 'm = nn.LayerNorm(3)', 'list(m.named_parameters())')
err('layer_norm_shape', LN, 'F.layer_norm(x, (3,))', 'RuntimeError')
GN = S0 + 'x = torch.randn(2, 4, 3, requires_grad=True)\n'
case('group_norm_module', GN + 'm = nn.GroupNorm(2, 4)', 'm(x)')
case('group_norm_one_group', GN + 'm = nn.GroupNorm(1, 4, affine=False)', 'm(x)')
case('F_group_norm', GN + 'w = torch.randn(4, requires_grad=True)', 'F.group_norm(x, 4, w)')
rep('group_norm_repr', 'm = nn.GroupNorm(2, 4)', 'm')
rep('group_norm_repr_noaffine', 'm = nn.GroupNorm(1, 3, affine=False)', 'm')
err('group_norm_divisible', '', 'nn.GroupNorm(3, 4)', 'ValueError', 'num_channels (4) must be divisible by num_groups (3)')
IN = S0 + 'x = torch.randn(2, 3, 4, 4, requires_grad=True)\n'
case('instance_norm2d', IN + 'm = nn.InstanceNorm2d(3)', 'm(x)')
case('instance_norm2d_affine', IN + 'm = nn.InstanceNorm2d(3, affine=True)', 'm(x)')
case('instance_norm2d_unbatched', IN + 'm = nn.InstanceNorm2d(3)', 'm(x[0])')
case('instance_norm1d', S0 + 'x = torch.randn(2, 3, 5, requires_grad=True)\nm = nn.InstanceNorm1d(3)', 'm(x)')
case('instance_norm_running', IN + 'm = nn.InstanceNorm2d(3, track_running_stats=True)\nout = m(x)', 'm.running_var')
rep('instance_norm_repr', 'm = nn.InstanceNorm2d(3, affine=True)', 'm')
case('F_instance_norm', IN, 'F.instance_norm(x)')

C1 = S0 + 'x = torch.randn(2, 3, 10, requires_grad=True)\n'
exact('conv1d_params', S0 + 'm = nn.Conv1d(3, 4, 3)', 'm.weight')
case('conv1d_module', C1 + 'm = nn.Conv1d(3, 4, 3)', 'm(x)')
case('conv1d_options', C1 + 'm = nn.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2, bias=False)', 'm(x)')
case('conv1d_groups', C1[:-1].replace('2, 3, 10', '2, 4, 10') + '\nm = nn.Conv1d(4, 6, 2, groups=2)', 'm(x)')
case('conv1d_same', C1 + "m = nn.Conv1d(3, 2, 4, padding='same')", 'm(x)')
case('conv1d_unbatched', C1 + 'm = nn.Conv1d(3, 4, 3)', 'm(x[0])')
case('F_conv1d', C1 + 'w = torch.randn(5, 3, 2, requires_grad=True)\nb = torch.randn(5, requires_grad=True)', 'F.conv1d(x, w, b, padding=1)')
rep('conv1d_repr', 'm = nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)', 'm')
rep('conv1d_repr_same', "m = nn.Conv1d(2, 3, 3, padding='same')", 'm')
case('maxpool1d_module', C1 + 'm = nn.MaxPool1d(2)', 'm(x)')
case('maxpool1d_options', C1 + 'm = nn.MaxPool1d(3, stride=1, padding=1)', 'm(x)')
case('F_max_pool1d', C1, 'F.max_pool1d(x, 3, 2)')
case('avgpool1d_module', C1 + 'm = nn.AvgPool1d(3, 2, 1)', 'm(x)')
case('F_avg_pool1d', C1, 'F.avg_pool1d(x, 2)')
rep('maxpool1d_repr', 'm = nn.MaxPool1d(3, stride=1, padding=1)', 'm')
rep('avgpool1d_repr', 'm = nn.AvgPool1d(3, 2, 1)', 'm')
CT = S0 + 'x = torch.randn(2, 2, 3, 3, requires_grad=True)\n'
exact('conv_transpose2d_params', S0 + 'm = nn.ConvTranspose2d(2, 3, 3)', 'm.weight')
case('conv_transpose2d_module', CT + 'm = nn.ConvTranspose2d(2, 3, 3)', 'm(x)')
case('conv_transpose2d_stride', CT + 'm = nn.ConvTranspose2d(2, 3, 2, stride=2)', 'm(x)')
case('conv_transpose2d_options', CT + 'm = nn.ConvTranspose2d(2, 4, (3, 2), stride=2, padding=1, output_padding=1, groups=2, bias=False)', 'm(x)')
case('conv_transpose2d_dilation', CT + 'm = nn.ConvTranspose2d(2, 1, 2, dilation=2, padding=1)', 'm(x)')
case('F_conv_transpose2d', CT + 'w = torch.randn(2, 3, 2, 2, requires_grad=True)\nb = torch.randn(3, requires_grad=True)', 'F.conv_transpose2d(x, w, b, stride=2)')
# forward(input, output_size): the output padding that reaches the requested size (the encoder-decoder idiom)
CTO = S0 + 'm = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)\nx = torch.randn(1, 3, 4, 4, requires_grad=True)\n'
case('conv_transpose2d_output_size', CTO, 'm(x, output_size=[8, 8])', params='m')
case('conv_transpose2d_output_size_full', CTO, 'm(x, output_size=(1, 2, 8, 7))')
case('conv_transpose2d_output_size_Size', CTO + 'd = nn.Conv2d(3, 3, 3, stride=2, padding=1)\ninp = torch.randn(1, 3, 12, 12)', 'm(d(inp), output_size=inp.size())')
case('conv_transpose2d_output_size_unbatched', CTO, 'm(x[0], output_size=[8, 8])')
case('conv_transpose2d_output_size_none', CTO, 'm(x, None)')
err('conv_transpose2d_output_size_range', CTO, 'm(x, output_size=[10, 8])', 'ValueError',
    'requested an output size of [10, 8], but valid sizes range from [7, 7] to [8, 8] (for an input of torch.Size([4, 4]))')
err('conv_transpose2d_output_size_count', CTO, 'm(x, output_size=[8])', 'ValueError',
    'ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 1)')
rep('conv_transpose2d_repr', 'm = nn.ConvTranspose2d(2, 4, (3, 2), stride=2, padding=1, output_padding=1, groups=2, bias=False)', 'm')
UP = S0 + 'x = torch.randn(1, 2, 3, 4, requires_grad=True)\n'
case('interpolate_nearest_2x', UP, 'F.interpolate(x, scale_factor=2)')
case('interpolate_nearest_size', UP, 'F.interpolate(x, size=(5, 7))')
case('interpolate_nearest_scale_1p5', UP, "F.interpolate(x, scale_factor=1.5, mode='nearest')")
case('interpolate_bilinear', UP, "F.interpolate(x, scale_factor=2, mode='bilinear')")
case('interpolate_bilinear_align', UP, "F.interpolate(x, size=(5, 6), mode='bilinear', align_corners=True)")
case('interpolate_bilinear_down', UP, "F.interpolate(x, size=(2, 3), mode='bilinear')")
case('interpolate_linear_1d', S0 + 'x = torch.randn(1, 2, 5, requires_grad=True)', "F.interpolate(x, scale_factor=2, mode='linear')")
case('interpolate_nearest_1d', S0 + 'x = torch.randn(1, 2, 5, requires_grad=True)', 'F.interpolate(x, size=8)')
case('upsample_module', UP + 'm = nn.Upsample(scale_factor=2)', 'm(x)')
case('upsample_module_bilinear', UP + "m = nn.Upsample(size=(4, 5), mode='bilinear', align_corners=True)", 'm(x)')
case('upsampling_bilinear2d', UP + 'm = nn.UpsamplingBilinear2d(scale_factor=2)', 'm(x)')
rep('upsample_repr', 'm = nn.Upsample(scale_factor=2)', 'm')
rep('upsample_repr_size', "m = nn.Upsample(size=(4, 5), mode='bilinear', align_corners=True)", 'm')
rep('upsample_repr_tuple', "m = nn.Upsample(scale_factor=(2, 3), mode='bilinear')", 'm')
rep('upsampling_nearest2d_repr', 'm = nn.UpsamplingNearest2d(scale_factor=2)', 'm')
err('interpolate_align_nearest', UP, 'F.interpolate(x, scale_factor=2, align_corners=True)', 'ValueError')
err('interpolate_no_size', UP, 'F.interpolate(x)', 'ValueError', 'either size or scale_factor should be defined')
case('unfold', S0 + 'x = torch.randn(1, 2, 4, 4, requires_grad=True)', 'F.unfold(x, 2)')
case('unfold_options', S0 + 'x = torch.randn(2, 2, 5, 5, requires_grad=True)', 'F.unfold(x, (2, 3), dilation=1, padding=1, stride=2)')
case('fold', S0 + 'x = torch.randn(1, 8, 4, requires_grad=True)', 'F.fold(x, (3, 3), 2)')
case('fold_unfold_roundtrip', S0 + 'x = torch.randn(1, 3, 4, 4, requires_grad=True)', 'F.fold(F.unfold(x, 2, stride=2), (4, 4), 2, stride=2)')
BL = S0 + 'a = torch.randn(5, 2, requires_grad=True)\nb = torch.randn(5, 3, requires_grad=True)\n'
exact('bilinear_params', S0 + 'm = nn.Bilinear(2, 3, 4)', 'm.weight')
case('bilinear_module', BL + 'm = nn.Bilinear(2, 3, 4)', 'm(a, b)')
case('bilinear_nobias', BL + 'm = nn.Bilinear(2, 3, 4, bias=False)', 'm(a, b)')
case('F_bilinear', BL + 'w = torch.randn(4, 2, 3, requires_grad=True)', 'F.bilinear(a, b, w)')
rep('bilinear_repr', 'm = nn.Bilinear(2, 3, 4)', 'm')
case('prelu_module', XA4 + 'm = nn.PReLU()', 'm(x)')
case('prelu_module_channels', XA4 + 'm = nn.PReLU(3, 0.1)', 'm(x)')
rep('prelu_repr', 'm = nn.PReLU(3)', 'm')
exact('prelu_weight', 'm = nn.PReLU()', 'm.weight')

# containers
MD = S0 + "md = nn.ModuleDict({'lin': nn.Linear(2, 3), 'act': nn.ReLU()})\n"
rep('moduledict_repr', MD, 'md')
rep('moduledict_keys', MD, 'list(md.keys())')
rep('moduledict_len_iter', MD, '(len(md), [k for k in md], "lin" in md)')
rep('moduledict_items', MD, '[(k, type(v).__name__) for k, v in md.items()]')
rep('moduledict_params', MD, '[n for n, p in md.named_parameters()]')
case('moduledict_forward', MD + 'x = torch.randn(4, 2)', "md['act'](md['lin'](x))")
rep('moduledict_setitem', MD + "md['out'] = nn.Linear(3, 1)\ndel md['act']", 'md')
rep('moduledict_update', MD + "md.update({'extra': nn.Tanh()})", 'list(md.keys())')
rep('moduledict_in_module', S0 + '''class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({'a': nn.Linear(2, 2), 'b': nn.Linear(2, 1)})
    def forward(self, x, k):
        return self.heads[k](x)
net = Net()''', '(net, [n for n, _ in net.named_parameters()])')
PL = S0 + 'pl = nn.ParameterList([nn.Parameter(torch.randn(2)), nn.Parameter(torch.randn(3, 2))])\n'
rep('parameterlist_repr', PL, 'pl')
rep('parameterlist_len_names', PL, '(len(pl), [n for n, _ in pl.named_parameters()])')
exact('parameterlist_item', PL, 'pl[1]')
rep('parameterlist_append_tensor', PL + 'pl.append(torch.ones(1))', '(len(pl), pl[2])')
rep('parameterdict_repr', "pd = nn.ParameterDict({'w': nn.Parameter(torch.ones(2))})", 'pd')
rep('parameterdict_repr_two', "pd = nn.ParameterDict({'w': nn.Parameter(torch.ones(2)), 'b': nn.Parameter(torch.zeros(3, 1))})", 'pd')
rep('parameterdict_access', "pd = nn.ParameterDict({'w': nn.Parameter(torch.ones(2))})\npd['b'] = torch.zeros(1)", "(pd['b'], list(pd.keys()))")

# --------------------------------------------------------------------------------------------
# other dtypes: float64 (values computed in double, gradients in double), integers, half types
# --------------------------------------------------------------------------------------------
D = ', dtype=torch.float64'
X64 = S0 + f'x = torch.randn(3, 4{D}, requires_grad=True)\n'
Y64 = X64 + f'y = torch.randn(3, 4{D}, requires_grad=True)\n'
POS64 = S0 + f'x = (torch.rand(3, 4{D}) + 0.1).requires_grad_()\n'
UNIT64 = S0 + f'x = (torch.rand(3, 4{D}) * 1.8 - 0.9).requires_grad_()\n'
for fn in ['log1p', 'log2', 'log10', 'rsqrt']:
    case(f'f64_{fn}', POS64, f'torch.{fn}(x)')
for fn in ['expm1', 'erf', 'erfc', 'sinh', 'cosh', 'atan', 'tan']:
    case(f'f64_{fn}', X64, f'torch.{fn}(x)')
for fn in ['asin', 'acos', 'erfinv']:
    case(f'f64_{fn}', UNIT64, f'torch.{fn}(x)')
for expr in ['torch.atan2(x, y)', 'torch.hypot(x, y)', 'torch.lerp(x, y, 0.3)', 'torch.lerp(x, y, y.sigmoid())',
             'torch.addcmul(x, x, y, value=0.5)', 'torch.addcdiv(x, x, y.abs() + 1, value=2)',
             'torch.fmod(x, 0.7)', 'torch.remainder(x, y)', 'torch.floor_divide(x.detach(), 0.3)', 'x.clamp_min(0.1)',
             'torch.xlogy(x.abs(), y.abs())', 'torch.div(x, y, rounding_mode="floor")']:
    case(f'f64_{expr}', Y64, expr)
for expr in ['torch.logsumexp(x, 1)', 'torch.amax(x, 0)', 'torch.amin(x, (0, 1))', 'torch.median(x)',
             'torch.median(x, 1)', 'torch.mode(x.round(), 1)', 'torch.kthvalue(x, 2, 0)', 'torch.cumprod(x, 1)',
             'torch.std_mean(x, 1)', 'torch.var_mean(x)', 'torch.diff(x, dim=0)', 'torch.histc(x, 5)',
             'torch.unique(x.round(), return_inverse=True, return_counts=True)', 'torch.aminmax(x, dim=1)',
             'torch.nan_to_num(x.log())', 'torch.count_nonzero(x.round())']:
    case(f'f64_{expr}', X64, expr)
for expr in ["torch.einsum('ij,kj->ik', x, y)", "torch.einsum('ij->', x)", "torch.einsum('ij,ij->i', x, y)",
             'torch.outer(x[0], y[1])', 'torch.addmv(x[:, 0], y, x[0])', 'torch.tril(x)', 'torch.triu(x, 1)',
             'torch.diag(x[0])', 'torch.trace(x)', 'torch.diagonal(x, 1)', 'torch.cdist(x, y)',
             'torch.cdist(x, y, p=1)', 'torch.hstack([x, y])', 'torch.column_stack([x[0], y[0]])', 'torch.tile(x, (2, 1))',
             'torch.roll(x, 1, 0)', 'x.unflatten(1, (2, 2))', 'torch.take(x, torch.tensor([0, 5, 11]))',
             'torch.take_along_dim(x, x.argsort(1), 1)', 'torch.masked_select(x, y > 0)',
             'x.index_add(0, torch.tensor([2, 0]), y[:2])', 'x.index_copy(1, torch.tensor([3, 0]), y[:, :2])',
             'x.index_fill(0, torch.tensor([1]), 2.5)', 'x.scatter(1, torch.tensor([[0], [2], [1]]), y[:, :1])',
             'x.scatter_add(0, torch.tensor([[0, 1, 2, 0]]), y[:1])', "torch.where(x > 0, x, 0.5)",
             'torch.isclose(x, y, atol=1)', 'F.normalize(x)', 'F.cosine_similarity(x, y)', 'F.pairwise_distance(x, y)']:
    case(f'f64_{expr}', Y64, expr)
for f in ['softplus', 'elu', 'selu', 'celu', 'silu', 'mish', 'hardtanh', 'relu6', 'hardsigmoid', 'hardswish',
          'softsign', 'tanhshrink', 'logsigmoid', 'hardshrink', 'softshrink']:
    case(f'f64_F_{f}', X64, f'F.{f}(x * 3)')
case('f64_F_glu', X64, 'F.glu(x)')
case('f64_F_softmin', X64, 'F.softmin(x, 1)')
case('f64_F_prelu', X64, 'F.prelu(x, torch.tensor([0.2], dtype=torch.float64))')
for expr in ['F.smooth_l1_loss(x, y)', 'F.huber_loss(x, y, delta=0.5)', 'F.kl_div(x.log_softmax(1), y.softmax(1), reduction="batchmean")',
             'F.soft_margin_loss(x, y.detach().sign())', 'F.margin_ranking_loss(x[0], y[0], y[1].detach().sign())',
             'F.cosine_embedding_loss(x, y, torch.tensor([1., -1., 1.], dtype=torch.float64))',
             'F.triplet_margin_loss(x, y, x.flip(0))', 'F.poisson_nll_loss(x, y.detach().abs())',
             'F.gaussian_nll_loss(x, y, y.abs() + 0.1)', 'F.hinge_embedding_loss(x, y.detach().sign())']:
    case(f'f64_{expr}', Y64, expr)
# draws in float64 (PyTorch samples in double)
case('f64_normal_tensors', S0 + f'm = torch.zeros(5{D})\ns = torch.ones(5{D})', 'torch.normal(m, s)')
case('f64_normal_size', S0, f'torch.normal(2., 3., size=(2, 3){D})')
case('f64_normal_', S0 + f'x = torch.empty(6{D})', 'x.normal_(1., 2.)')
exact('f64_bernoulli', S0 + f'p = torch.rand(8{D})', 'torch.bernoulli(p)')
exact('f64_bernoulli_', S0 + f'x = torch.empty(8{D})', 'x.bernoulli_(0.3)')
# layers in float64
case('f64_embedding', S0 + 'e = nn.Embedding(5, 3).double()', 'e(torch.tensor([[0, 4], [2, 2]]))', params='e')
case('f64_lstm', S0 + f'm = nn.LSTM(3, 4, num_layers=2, batch_first=True).double()\nx = torch.randn(2, 5, 3{D}, requires_grad=True)', 'm(x)[0]', params='m')
case('f64_gru_bi', S0 + f'm = nn.GRU(3, 2, bidirectional=True).double()\nx = torch.randn(4, 2, 3{D}, requires_grad=True)', 'm(x)[1]', params='m')
case('f64_rnn_cell', S0 + f'm = nn.RNNCell(3, 2).double()\nx = torch.randn(4, 3{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_layer_norm', S0 + f'm = nn.LayerNorm(4).double()\nx = torch.randn(3, 4{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_group_norm', S0 + f'm = nn.GroupNorm(2, 4).double()\nx = torch.randn(2, 4, 3{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_instance_norm', S0 + f'm = nn.InstanceNorm1d(4, affine=True).double()\nx = torch.randn(2, 4, 3{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_conv1d', S0 + f'm = nn.Conv1d(2, 3, 3, padding=1).double()\nx = torch.randn(2, 2, 6{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_conv_transpose2d', S0 + f'm = nn.ConvTranspose2d(2, 3, 2, stride=2).double()\nx = torch.randn(1, 2, 3, 3{D}, requires_grad=True)', 'm(x)', params='m')
case('f64_bilinear', S0 + f'm = nn.Bilinear(2, 3, 2).double()\na = torch.randn(4, 2{D}, requires_grad=True)\nb = torch.randn(4, 3{D})', 'm(a, b)', params='m')
case('f64_interpolate', S0 + f'x = torch.randn(1, 2, 3, 3{D}, requires_grad=True)', "F.interpolate(x, scale_factor=2, mode='bilinear')")
case('f64_unfold', S0 + f'x = torch.randn(1, 2, 4, 4{D}, requires_grad=True)', 'F.unfold(x, 2)')
case('f64_pool1d', S0 + f'x = torch.randn(1, 2, 7{D}, requires_grad=True)', 'F.max_pool1d(x, 2) + F.avg_pool1d(x, 2)')
# integers
I = S0 + 'a = torch.randint(-5, 6, (3, 4))\nb = torch.randint(1, 4, (3, 4))\n'
for expr in ['torch.cumprod(a, 1)', 'torch.diff(a)', 'torch.roll(a, 2)', 'torch.tile(a, (1, 2))', 'torch.unique(a, return_counts=True)',
             'torch.count_nonzero(a, 0)', 'torch.remainder(a, b)', 'torch.fmod(a, b)', 'torch.floor_divide(a, b)',
             'torch.div(a, b, rounding_mode="trunc")', 'torch.div(a, b, rounding_mode="floor")', 'torch.amax(a, 1)',
             'torch.median(a, 1)', 'torch.mode(a, 0)', 'torch.kthvalue(a, 2)', 'torch.searchsorted(torch.tensor([-3, 0, 3]), a)',
             'torch.bucketize(a, torch.tensor([-3, 0, 3]))', 'torch.hstack([a, b.int()])', 'torch.vstack([a, b.float()])',
             'torch.isclose(a, b)', 'torch.logical_and(a, b)', 'torch.isnan(a)', 'torch.isfinite(a)', 'torch.nan_to_num(a)',
             'a.clamp_min(0)', 'torch.trace(a)', 'torch.diag(a)', 'torch.tril(a)', 'torch.outer(a[0], b[0])',
             "torch.einsum('ij,kj->ik', a, b)", 'a.scatter_add(1, torch.tensor([[0, 0, 1, 1]] * 3), b)',
             'a.index_add(0, torch.tensor([0, 0, 1]), b)', 'a.masked_select(a > 0)', 'torch.take(a, torch.tensor([1, 7]))',
             'torch.logsumexp(a.float(), 1)', 'torch.amin(a.to(torch.int32), 0)', 'torch.cumprod(a.to(torch.int32), 0)',
             'torch.cumprod(a.to(torch.uint8), 0)', 'torch.lerp(a.float(), b.float(), 0.5)', 'a.to(torch.int16).roll(1, 1)',
             'torch.unique(a.to(torch.int8), return_inverse=True)', 'torch.column_stack([a[0].to(torch.int8), b[0]])',
             'torch.atan2(a, b)', 'torch.hypot(a.float(), b.double())', 'torch.log1p(a.abs())', 'torch.erf(a)', 'torch.rsqrt(b)']:
    exact(f'int_{expr}', I, expr) if 'log' not in expr and 'erf' not in expr and 'rsqrt' not in expr and 'atan' not in expr and 'hypot' not in expr else case(f'int_{expr}', I, expr)
case('int_logsumexp', I, 'torch.logsumexp(a, 1)')
err('int_err_histc', I, 'torch.histc(a, 4)', 'NotImplementedError')
err('bool_median', I, 'torch.median(a.bool())', 'NotImplementedError', '"median_cpu" not implemented for \'Bool\'')
exact('bool_cumprod', I, 'torch.cumprod(a.bool(), 0)')
# half types: results rounded to the dtype
H = S0 + 'h = torch.randn(3, 4).half()\nbf = torch.randn(3, 4).bfloat16()\n'
for expr in ['torch.log1p(h.abs())', 'torch.erf(bf)', 'torch.logsumexp(h, 1)', 'torch.cumprod(bf, 1)', 'torch.amax(h, 0)',
             'torch.median(bf, 1)', 'torch.tril(h)', 'F.softplus(bf)', 'F.silu(h)', 'torch.hstack([h, bf])', 'torch.lerp(h, h.flip(0), 0.5)']:
    case(f'half_{expr}', H, expr)
err('bool_median_dim', I, 'torch.median(a.bool(), 0)', 'NotImplementedError', '"median_out" not implemented for \'Bool\'')
err('bool_kthvalue', I, 'torch.kthvalue(a.bool(), 1)', 'NotImplementedError', '"kthvalue_cpu" not implemented for \'Bool\'')
exact('bool_mode', I, 'torch.mode(a.bool(), 1)')
case('f64_backward_float_grad', X64 + 'w = torch.randn(4, 2, dtype=torch.float64)', 'torch.mv(x, w[:, 0])')
case('f64_normal_mean_only', S0 + f'm = torch.arange(4{D})', 'torch.normal(m)')
case('f64_normal_std_tensor', S0 + f's = torch.ones(3{D}) * 2', 'torch.normal(1.0, s)')
case('half_normal', S0 + 'm = torch.zeros(4).half()', 'torch.normal(m, 1.0)')
exact('half_bernoulli_', S0 + 'x = torch.empty(6).half()', 'x.bernoulli_(0.5)')
case('f64_dropout2d', S0 + f'x = torch.ones(2, 4, 3{D}, requires_grad=True)', 'F.dropout2d(x, 0.3)')
case('f64_alpha_dropout', S0 + f'x = torch.randn(3, 4{D}, requires_grad=True)', 'F.alpha_dropout(x, 0.3, training=True)')
case('half_conv_transpose2d', S0 + 'x = torch.randn(1, 2, 3, 3).half()\nw = torch.randn(2, 1, 2, 2).half()', 'F.conv_transpose2d(x, w, stride=2)')
case('f64_fold', S0 + f'x = torch.randn(1, 8, 4{D}, requires_grad=True)', 'F.fold(x, (3, 3), 2)')
case('f64_interpolate_align', S0 + f'x = torch.randn(1, 2, 3, 4{D}, requires_grad=True)', "F.interpolate(x, size=(5, 7), mode='bilinear', align_corners=True)")
case('f64_interpolate_linear_1d', S0 + f'x = torch.randn(1, 2, 5{D}, requires_grad=True)', "F.interpolate(x, scale_factor=1.7, mode='linear')")
MLP64 = MLP + 'model = model.double()\nX = X.double()\nY = Y.double()\n'
for nm, ctor in [('adagrad', 'optim.Adagrad(model.parameters(), lr=0.05)'), ('adadelta', 'optim.Adadelta(model.parameters())'),
                 ('adamax', 'optim.Adamax(model.parameters())'), ('nadam', 'optim.NAdam(model.parameters())'),
                 ('radam', 'optim.RAdam(model.parameters())')]:
    traj(f'f64_trajectory_{nm}', MLP64 + f'opt = {ctor}\n' + STEP, steps=8, final=MLP_FINAL)
    st = f'p = torch.tensor([1., -2., 3.], dtype=torch.float64, requires_grad=True)\nopt = {ctor.replace("model.parameters()", "[p]")}\nfor i in range(4):\n    opt.zero_grad()\n    ((p - 0.5) ** 2).sum().backward()\n    opt.step()'
    case(f'f64_optim_{nm}_param', st, 'p.detach()')
case('f64_clip_grad_norm', 'p = torch.tensor([3., 4.], dtype=torch.float64, requires_grad=True)\n(p * p).sum().backward()\nn = nn.utils.clip_grad_norm_([p], 1.0)', '(n, p.grad)')
case('f64_parameters_to_vector', S0 + 'm = nn.Linear(3, 2).double()', 'nn.utils.parameters_to_vector(m.parameters())')
# create_graph through the common layers (PINN-style derivatives, gradient penalty, third order)
PINN = S0 + '''net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 1))
x = torch.linspace(-1, 1, 5).unsqueeze(1).requires_grad_()
u = net(x)
u_x, = torch.autograd.grad(u.sum(), x, create_graph=True)
u_xx, = torch.autograd.grad(u_x.sum(), x, create_graph=True)
loss = F.mse_loss(u_xx + u, torch.zeros_like(u))
loss.backward()'''
case('create_graph_pinn_derivatives', PINN, 'torch.cat([u_x, u_xx], 1).detach()')
case('create_graph_pinn_param_grads', PINN, 'torch.cat([net[0].weight.grad.flatten(), net[2].weight.grad.flatten(), net[4].bias.grad])')
rep('create_graph_pinn_grad_fns', PINN, '(type(u_x.grad_fn).__name__, type(u_xx.grad_fn).__name__, u_x.requires_grad)')
GP = S0 + '''D = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 1))
xi = torch.randn(4, 3, requires_grad=True)
out = D(xi)
g, = torch.autograd.grad(out, xi, grad_outputs=torch.ones_like(out), create_graph=True)
gp = ((g.norm(2, dim=1) - 1) ** 2).mean()
gp.backward()'''
case('create_graph_gradient_penalty', GP, 'torch.cat([gp.detach().reshape(1), D[0].weight.grad.flatten(), D[2].weight.grad.flatten(), xi.grad.flatten()])')
for fn in ['torch.tanh', 'torch.sigmoid', 'torch.exp', 'torch.sqrt', 'torch.relu']:
    st = 'z = torch.tensor([0.3, 0.7, 1.9], requires_grad=True)\ny = ' + fn + '(z).sum()\nd1, = torch.autograd.grad(y, z, create_graph=True)\nd2, = torch.autograd.grad(d1.sum(), z, create_graph=True)\nd3, = torch.autograd.grad(d2.sum(), z, allow_unused=True, materialize_grads=True)'
    case(f'create_graph_third_{fn}', st, 'torch.stack([d1.detach(), d2.detach(), d3])')
    rep(f'create_graph_names_{fn}', st, '(type(d1.grad_fn).__name__, type(d2.grad_fn).__name__)')
case('create_graph_mv_dot', 'A = torch.tensor([[1., 2.], [3., -1.]], requires_grad=True)\nv = torch.tensor([0.5, -2.], requires_grad=True)\ny = torch.dot(torch.mv(A, v), v).exp()\ng = torch.autograd.grad(y, (A, v), create_graph=True)\nh = torch.autograd.grad(g[1].sum() + g[0].pow(2).sum(), (A, v))', 'torch.cat([h[0].flatten(), h[1]])')
case('create_graph_mse', 'w = torch.tensor([0.5, -1.5, 2.], requires_grad=True)\nl = F.mse_loss(w * 2, torch.ones(3))\ng, = torch.autograd.grad(l, w, create_graph=True)\nh, = torch.autograd.grad(g.pow(2).sum(), w)', 'torch.stack([g.detach(), h])')
# mode on long lines: the index is the one libstdc++'s std::sort leaves last among equal values
for n, k in [(17, 3), (40, 4), (100, 3), (257, 7), (1000, 5)]:
    exact(f'mode_long_{n}_{k}', S0 + f'a = torch.randint(0, {k}, (3, {n}))', 'torch.mode(a, 1)')
exact('mode_long_float', S0 + 'f = torch.randn(300).round()', 'torch.mode(f)')
exact('mode_long_dim0', S0 + 'a = torch.randint(0, 3, (50, 4))', 'torch.mode(a, 0)')
# PackedSequence: pack_padded_sequence / pad_packed_sequence / pack_sequence and recurrent layers over packed batches
PK = S0 + 'from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pack_sequence, PackedSequence\nx = torch.randn(3, 4, 2, requires_grad=True)\n'
rep('packed_repr', PK + 'p = pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False)', 'p')
rep('packed_repr_sorted', PK + 'p = pack_padded_sequence(x.transpose(0, 1), torch.tensor([4, 3, 3]))', 'p')
rep('packed_fields', PK + 'p = pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False)', '(type(p).__name__, isinstance(p, PackedSequence), len(p), p.batch_sizes, p.sorted_indices, p.unsorted_indices, p.data.grad_fn.name())')
case('packed_data', PK, 'pack_padded_sequence(x, [4, 2, 1], batch_first=True).data')
case('packed_roundtrip', PK, 'pad_packed_sequence(pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False), batch_first=True)[0]')
rep('packed_roundtrip_lengths', PK, 'pad_packed_sequence(pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False), batch_first=True, padding_value=-1.0, total_length=6)')
rep('pack_sequence', S0 + 'from torch.nn.utils.rnn import pack_sequence\na = torch.tensor([1., 2., 3.])\nb = torch.tensor([4., 5.])\nc = torch.tensor([6.])', '(pack_sequence([a, b, c]), pack_sequence([b, a, c], enforce_sorted=False))')
err('packed_unsorted', PK, 'pack_padded_sequence(x, [2, 4, 3], batch_first=True)', 'RuntimeError', '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.')
err('packed_zero_length', PK, 'pack_padded_sequence(x, [3, 2, 0], batch_first=True)', 'RuntimeError', "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
err('packed_total_length_short', PK, 'pad_packed_sequence(pack_padded_sequence(x, [4, 2, 1], batch_first=True), total_length=2)', 'ValueError')
for nm, ctor in [('lstm', 'nn.LSTM(2, 3, batch_first=True)'), ('lstm_2layer_bi', 'nn.LSTM(2, 3, num_layers=2, bidirectional=True, batch_first=True)'),
                 ('gru_bi', 'nn.GRU(2, 3, bidirectional=True, batch_first=True)'), ('rnn_relu_2layer', "nn.RNN(2, 3, num_layers=2, nonlinearity='relu', batch_first=True)")]:
    st = PK + f'm = {ctor}\np = pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False)\nout, hn = m(p)\npadded, lens = pad_packed_sequence(out, batch_first=True)'
    case(f'packed_{nm}_padded', st, 'padded', params='m')
    case(f'packed_{nm}_hidden', st, 'hn[0] if isinstance(hn, tuple) else hn', params='m')
    rep(f'packed_{nm}_types', st, '(type(out).__name__, out.batch_sizes, out.data.grad_fn.name(), (hn[0] if isinstance(hn, tuple) else hn).grad_fn.name())')
case('packed_lstm_given_state', PK + 'm = nn.LSTM(2, 3)\nh0 = torch.randn(1, 3, 3)\nc0 = torch.randn(1, 3, 3)\np = pack_padded_sequence(x.transpose(0, 1), [2, 4, 3], enforce_sorted=False)\nout, (h, c) = m(p, (h0, c0))', 'torch.cat([h, c], 0)', params='m')
# a range as an index or as data: like the list of its ints ("What is torch.nn really?")
RG = S0 + 'x = torch.randn(4, 5, requires_grad=True)\nt = torch.tensor([4, 0, 2, 1])\n'
case('index_range_pairs', RG, '-x.log_softmax(1)[range(t.shape[0]), t].mean()')
exact('index_range_rows', RG, 'x[range(1, 4, 2)]')
exact('index_range_cols', RG, 'x[:, range(4, 0, -2)]')
exact('index_range_empty', RG, 'x[range(0)]')
exact('index_range_setitem', 'y = torch.zeros(3, 4)\ny[range(3), [0, 1, 2]] = 5.', 'y')
exact('tensor_from_range', '', '(torch.tensor(range(3)), torch.tensor([range(2), range(1, 3)]), torch.tensor(range(2), dtype=torch.float32))')
# nn.EmbeddingBag / F.embedding_bag (the text-classification tutorial's model): bags by offsets or
# rows of a 2-D input, sum/mean/max, per-sample weights, padding_idx, include_last_offset
EBT = 'text = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9, 4, 4, 1, 7, 7, 7])\noffsets = torch.tensor([0, 4, 4, 7, 10])\n'
exact('embedding_bag_params', S0 + 'e = nn.EmbeddingBag(10, 3)', 'e.weight')
for mode in ['mean', 'sum', 'max']:
    exact(f'embedding_bag_{mode}', S0 + f'e = nn.EmbeddingBag(10, 5, mode={mode!r})\n' + EBT, 'e(text, offsets)', params='e')
    exact(f'embedding_bag_{mode}_2d', S0 + f'e = nn.EmbeddingBag(10, 3, mode={mode!r})', 'e(torch.tensor([[1, 2, 2], [3, 4, 1]]))', params='e')
    exact(f'embedding_bag_{mode}_padding', S0 + f'e = nn.EmbeddingBag(10, 3, mode={mode!r}, padding_idx=4)\n' + EBT, 'e(text, offsets)', params='e')
exact('embedding_bag_per_sample_weights', S0 + 'e = nn.EmbeddingBag(10, 5, mode="sum")\n' + EBT + 'ps = torch.rand(14, requires_grad=True)', 'e(text, offsets, per_sample_weights=ps)', grads_of=['e.weight'])
case('embedding_bag_per_sample_weights_grad', S0 + 'e = nn.EmbeddingBag(10, 5, mode="sum")\n' + EBT + 'ps = torch.rand(14, requires_grad=True)', 'e(text, offsets, per_sample_weights=ps)', grads_of=['ps'])
exact('embedding_bag_per_sample_weights_padding', S0 + 'e = nn.EmbeddingBag(10, 5, mode="sum", padding_idx=7)\n' + EBT + 'ps = torch.rand(14)', 'e(text, offsets, per_sample_weights=ps)', params='e')
exact('embedding_bag_include_last_offset', S0 + 'e = nn.EmbeddingBag(10, 3, mode="mean", include_last_offset=True)\n' + EBT, 'e(text, offsets)', params='e')
exact('embedding_bag_scale_grad_by_freq', S0 + 'e = nn.EmbeddingBag(10, 3, mode="mean", scale_grad_by_freq=True)\n' + EBT, 'e(text, offsets)', params='e')
exact('embedding_bag_max_norm', S0 + 'e = nn.EmbeddingBag(10, 3, max_norm=1.0)\n' + EBT + 'y = e(text, offsets)', '(y, e.weight)')
exact('F_embedding_bag_f64', S0 + 'w = torch.randn(6, 2, dtype=torch.float64, requires_grad=True)', "F.embedding_bag(torch.tensor([0, 5, 5, 2, 5]), w, torch.tensor([0, 1, 3]), mode='mean')")
exact('embedding_bag_int32', S0 + 'e = nn.EmbeddingBag(10, 3)', 'e(torch.tensor([1, 2, 3], dtype=torch.int32), torch.tensor([0, 2], dtype=torch.int32))')
exact('embedding_bag_from_pretrained', 'f = nn.EmbeddingBag.from_pretrained(torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), mode="max")', 'f(torch.tensor([[0, 2], [1, 1]]))')
rep('embedding_bag_repr', '', "(nn.EmbeddingBag(5, 2, mode='max', padding_idx=-1, max_norm=1.0), nn.EmbeddingBag(5, 2, mode='sum', norm_type=1.0, scale_grad_by_freq=True), nn.EmbeddingBag(3, 4))")
rep('embedding_bag_grad_fn', S0 + 'e = nn.EmbeddingBag(10, 3)', '(e(torch.tensor([[1, 2]])).grad_fn.name(), len(e(torch.tensor([[1, 2]])).grad_fn.next_functions))')
E1 = S0 + 'e = nn.EmbeddingBag(10, 3)\n'
err('embedding_bag_index_range', E1, 'e(torch.tensor([1, 10]), torch.tensor([0]))', 'RuntimeError', 'Index 1 of input takes value 10 which is not in the valid range [0, 10)')
err('embedding_bag_first_offset', E1, 'e(torch.tensor([1, 2]), torch.tensor([1]))', 'RuntimeError')
err('embedding_bag_last_offset', E1, 'e(torch.tensor([1, 2]), torch.tensor([0, 3]))', 'RuntimeError', "offsets[-1] can not be greater than input's length 2 but got offsets[-1] of 3")
err('embedding_bag_no_offsets', E1, 'e(torch.tensor([1, 2]))', 'ValueError', 'offsets has to be a 1D Tensor but got None')
err('embedding_bag_2d_offsets', E1, 'e(torch.tensor([[1, 2]]), torch.tensor([0]))', 'ValueError', "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>")
err('embedding_bag_bad_mode', '', "nn.EmbeddingBag(3, 2, mode='prod')(torch.tensor([[1]]))", 'ValueError', 'mode has to be one of sum, mean or max')
err('embedding_bag_weights_mean', E1, 'e(torch.tensor([1, 2]), torch.tensor([0]), per_sample_weights=torch.ones(2))', 'NotImplementedError', "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='mean'). Please open a feature request on GitHub.")
# StepLR with a float step_size (the text-classification tutorial's StepLR(optimizer, 1.0, gamma=0.1))
case('steplr_float_step_size', 'p = torch.nn.Parameter(torch.ones(1))\nopt = torch.optim.SGD([p], lr=5)\nsched = torch.optim.lr_scheduler.StepLR(opt, 1.0, gamma=0.1)\nlrs = []\nfor i in range(3):\n    opt.step()\n    sched.step()\n    lrs.append(opt.param_groups[0]["lr"])', 'torch.tensor(lrs)')
case('steplr_float_step_size_2_5', 'p = torch.nn.Parameter(torch.ones(1))\nopt = torch.optim.SGD([p], lr=1)\nsched = torch.optim.lr_scheduler.StepLR(opt, 2.5, gamma=0.5)\nlrs = []\nfor i in range(6):\n    opt.step()\n    sched.step()\n    lrs.append(opt.param_groups[0]["lr"])', 'torch.tensor(lrs)')
