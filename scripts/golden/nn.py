#!/usr/bin/env python3
"""Module, loss, repr and optimizer fixtures for nnrepl: Tests/InterpreterTests/Fixtures/nn.json.

Needs Python 3.11 with PyTorch 2.15:
    python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch safetensors
    ~/torchenv/bin/python scripts/golden/nn.py            # write the fixture
    ~/torchenv/bin/python scripts/golden/nn.py --check    # compare with the committed file

Runnable from any directory. Same case format as ops.json (README.md next to this script),
plus `repr` cases (compare repr(eval(expr)) as text) and optimizer `trajectory` cases (the
setup defines `step()`; the test calls it `steps` times, compares the returned loss bits, then
evaluates each `final` expression).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'nn.json')

CASES = []
S0 = 'torch.manual_seed(0)\n'
REDS = ['mean', 'sum', 'none']


def case(name, setup, expr, tol='exact', **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, tolerance=tol, **kw))


def rep(name, setup, expr, **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, repr=True, **kw))


def err(name, setup, expr, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), expr=expr, expect_error=(etype, msg)))


def err_stmt(name, setup, stmt, etype, msg=None):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), stmt=stmt, expect_error=(etype, msg)))


def traj(name, setup, final, steps=15, tol='close', **kw):
    CASES.append(dict(name=name, setup=setup.rstrip('\n'), steps=steps, final=final,
                      tolerance=tol, **kw))


LENET = '''class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

    def num_flat_features(self, x):
        size = x.size()[1:]
        num_features = 1
        for s in size:
            num_features *= s
        return num_features

'''
NET = S0 + LENET + 'net = Net()\n'
LENET_PARAMS = ['net.conv1.weight', 'net.conv1.bias', 'net.conv2.weight', 'net.conv2.bias',
                'net.fc1.weight', 'net.fc1.bias', 'net.fc2.weight', 'net.fc2.bias',
                'net.fc3.weight', 'net.fc3.bias']

# --------------------------------------------------------------------------------------------
# parameters after torch.manual_seed(0)
# --------------------------------------------------------------------------------------------
for nm, ctor in [('linear_4_3', 'nn.Linear(4, 3)'), ('linear_576_120', 'nn.Linear(576, 120)'),
                 ('linear_1_1', 'nn.Linear(1, 1)'), ('linear_nobias', 'nn.Linear(5, 2, bias=False)'),
                 ('conv_1_6_3', 'nn.Conv2d(1, 6, 3)'), ('conv_6_16_3', 'nn.Conv2d(6, 16, 3)'),
                 ('conv_1_6_5', 'nn.Conv2d(1, 6, 5)'), ('conv_groups', 'nn.Conv2d(4, 8, 3, groups=2)'),
                 ('conv_rect', 'nn.Conv2d(3, 4, (3, 5))'), ('conv_nobias', 'nn.Conv2d(2, 3, 2, bias=False)')]:
    case(f'init_{nm}_weight', S0 + f'm = {ctor}', 'm.weight')
    if 'bias=False' not in ctor:
        case(f'init_{nm}_bias', S0 + f'm = {ctor}', 'm.bias')
for p in LENET_PARAMS:
    case('init_lenet_' + p.split('.', 1)[1].replace('.', '_'), NET, p)
case('init_bn2d_weight', 'm = nn.BatchNorm2d(3)', 'm.weight')
case('init_bn2d_bias', 'm = nn.BatchNorm2d(3)', 'm.bias')
case('init_bn2d_running_mean', 'm = nn.BatchNorm2d(3)', 'm.running_mean')
case('init_bn2d_running_var', 'm = nn.BatchNorm2d(3)', 'm.running_var')
case('init_bn2d_num_batches', 'm = nn.BatchNorm2d(3)', 'm.num_batches_tracked')
case('init_sequence_second_layer', S0 + 'a = nn.Linear(3, 4)\nb = nn.Linear(4, 2)', 'b.weight')
case('init_sequential', S0 + 'm = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))', 'm[2].bias')
case('init_randn_after_net', NET, 'torch.randn(1, 1, 32, 32)')
case('parameter_wrap', 'p = nn.Parameter(torch.tensor([1., 2.]))', 'p * 2')

# --------------------------------------------------------------------------------------------
# forward + grads of layers
# --------------------------------------------------------------------------------------------
def fwd(name, ctor, shape, expr='m(x)', tol='close', extra=''):
    dims = ', '.join(str(s) for s in shape)
    setup = S0 + f'm = {ctor}\n' + extra + f'x = torch.randn({dims}, requires_grad=True)'
    case(name, setup, expr, tol=tol)


fwd('linear_2d', 'nn.Linear(4, 3)', (5, 4))
fwd('linear_1d', 'nn.Linear(4, 3)', (4,))
fwd('linear_3d', 'nn.Linear(4, 3)', (2, 5, 4))
fwd('linear_nobias_2d', 'nn.Linear(4, 3, bias=False)', (5, 4))
fwd('linear_nobias_1d', 'nn.Linear(4, 3, bias=False)', (4,))
fwd('linear_noncontig', 'nn.Linear(4, 3)', (4, 5), expr='m(x.t())')
fwd('conv_basic', 'nn.Conv2d(2, 3, 3)', (2, 2, 6, 6))
fwd('conv_stride', 'nn.Conv2d(2, 3, 3, stride=2)', (2, 2, 7, 7))
fwd('conv_padding', 'nn.Conv2d(2, 3, 3, padding=1)', (2, 2, 5, 5))
fwd('conv_positional', 'nn.Conv2d(2, 3, 3, 2, 1)', (1, 2, 6, 6))
fwd('conv_padding_tuple', 'nn.Conv2d(2, 3, (3, 2), padding=(2, 1))', (1, 2, 5, 6))
fwd('conv_same', "nn.Conv2d(2, 3, 3, padding='same')", (1, 2, 5, 7))
fwd('conv_same_even', "nn.Conv2d(1, 2, 2, padding='same')", (1, 1, 4, 4))
fwd('conv_valid', "nn.Conv2d(2, 3, 3, padding='valid')", (1, 2, 5, 7))
fwd('conv_dilation', 'nn.Conv2d(2, 3, 3, dilation=2)', (1, 2, 7, 7))
fwd('conv_groups', 'nn.Conv2d(4, 6, 3, groups=2)', (2, 4, 5, 5))
fwd('conv_depthwise', 'nn.Conv2d(3, 6, 3, groups=3, padding=1)', (1, 3, 4, 4))
fwd('conv_nobias', 'nn.Conv2d(2, 3, 3, bias=False)', (1, 2, 5, 5))
for mode in ['zeros', 'reflect', 'replicate', 'circular']:
    fwd(f'conv_padding_mode_{mode}', f"nn.Conv2d(2, 3, 3, padding=1, padding_mode='{mode}')", (1, 2, 5, 5))
    fwd(f'conv_padding_mode_{mode}_2', f"nn.Conv2d(1, 2, 3, padding=(2, 1), padding_mode='{mode}')", (1, 1, 4, 5))
fwd('conv_unbatched', 'nn.Conv2d(1, 6, 3)', (1, 8, 8))
fwd('conv_all_options', "nn.Conv2d(4, 8, (3, 3), stride=(2, 1), padding=(1, 0), dilation=(2, 2), groups=4, bias=False, padding_mode='replicate')", (1, 4, 9, 9))
fwd('maxpool_2', 'nn.MaxPool2d(2)', (1, 2, 6, 6), tol='exact')
fwd('maxpool_tuple', 'nn.MaxPool2d((2, 2))', (1, 2, 5, 5), tol='exact')
fwd('maxpool_stride_pad', 'nn.MaxPool2d(3, stride=2, padding=1)', (1, 2, 7, 7))
fwd('maxpool_ceil', 'nn.MaxPool2d(2, ceil_mode=True)', (1, 2, 5, 5), tol='exact')
fwd('maxpool_dilation', 'nn.MaxPool2d(2, stride=1, dilation=2)', (1, 1, 5, 5))
fwd('maxpool_return_indices', 'nn.MaxPool2d(2, return_indices=True)', (1, 2, 4, 4), expr='m(x)[1]', tol='exact')
fwd('avgpool_2', 'nn.AvgPool2d(2)', (1, 2, 6, 6))
fwd('avgpool_pad', 'nn.AvgPool2d(3, stride=1, padding=1)', (1, 2, 5, 5))
fwd('avgpool_pad_nocount', 'nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)', (1, 2, 5, 5))
fwd('avgpool_ceil', 'nn.AvgPool2d(2, ceil_mode=True)', (1, 1, 5, 5))
fwd('avgpool_divisor', 'nn.AvgPool2d(2, divisor_override=2)', (1, 1, 4, 4))
fwd('adaptive_avgpool', 'nn.AdaptiveAvgPool2d((2, 3))', (2, 3, 7, 8))
fwd('adaptive_avgpool_1', 'nn.AdaptiveAvgPool2d(1)', (2, 3, 5, 5))
fwd('relu', 'nn.ReLU()', (3, 4), tol='exact')
fwd('relu_inplace_nonleaf', 'nn.ReLU(inplace=True)', (3, 4), expr='m(x * 1)', tol='exact')
fwd('leaky_relu', 'nn.LeakyReLU()', (3, 4), tol='exact')
fwd('leaky_relu_02', 'nn.LeakyReLU(0.2)', (3, 4), tol='exact')
fwd('sigmoid', 'nn.Sigmoid()', (3, 4))
fwd('tanh', 'nn.Tanh()', (3, 4))
fwd('gelu', 'nn.GELU()', (3, 4))
fwd('softmax', 'nn.Softmax(dim=1)', (3, 4))
fwd('log_softmax', 'nn.LogSoftmax(dim=1)', (3, 4))
fwd('flatten', 'nn.Flatten()', (2, 3, 4, 5), tol='exact')
fwd('flatten_dims', 'nn.Flatten(0, 2)', (2, 3, 4, 5), tol='exact')
fwd('identity', 'nn.Identity()', (2, 3), expr='m(x) * 1', tol='exact')
fwd('dropout_eval', 'nn.Dropout(0.3)', (2, 3), expr='m(x) * 1', tol='exact', extra='m.eval()\n')
fwd('dropout_p0', 'nn.Dropout(0.)', (2, 3), tol='exact')
fwd('sequential', 'nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))', (3, 4))
fwd('sequential_conv', 'nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2 * 3 * 3, 4))', (2, 1, 8, 8))
fwd('bn1d_train', 'nn.BatchNorm1d(3)', (5, 3))
fwd('bn1d_train_3d', 'nn.BatchNorm1d(3)', (2, 3, 4))
fwd('bn2d_train', 'nn.BatchNorm2d(3)', (4, 3, 3, 3))
fwd('bn2d_eval', 'nn.BatchNorm2d(3)', (4, 3, 3, 3), extra='m.eval()\n')
fwd('bn2d_no_affine', 'nn.BatchNorm2d(3, affine=False)', (4, 3, 3, 3))
fwd('bn2d_momentum_eps', 'nn.BatchNorm2d(3, eps=1e-3, momentum=0.5)', (4, 3, 3, 3))
fwd('bn2d_no_running', 'nn.BatchNorm2d(3, track_running_stats=False)', (4, 3, 3, 3))
fwd('bn2d_no_running_eval', 'nn.BatchNorm2d(3, track_running_stats=False)', (4, 3, 3, 3), extra='m.eval()\n')
BN = S0 + 'm = nn.BatchNorm2d(3)\nx = torch.randn(4, 3, 5, 5) * 2 + 1\n'
case('bn2d_running_mean_after_1', BN + 'y = m(x)', 'm.running_mean', tol='close')
case('bn2d_running_var_after_1', BN + 'y = m(x)', 'm.running_var', tol='close')
case('bn2d_num_batches_after_3', BN + 'for i in range(3):\n    y = m(x)', 'm.num_batches_tracked')
case('bn2d_running_var_after_3', BN + 'for i in range(3):\n    y = m(x + i)', 'm.running_var', tol='close')
case('bn2d_eval_uses_running', BN + 'y = m(x)\nm.eval()', 'm(x)', tol='close')
case('bn2d_momentum_none', S0 + 'm = nn.BatchNorm2d(2, momentum=None)\nx = torch.randn(3, 2, 2, 2)\ny = m(x)\ny = m(x * 2)', 'm.running_mean', tol='close')
case('bn1d_doc', 'bn = nn.BatchNorm1d(3)\ny = bn(torch.tensor([[1., 2., 3.], [3., 2., 1.]]))', 'bn.running_mean', tol='close')
case('lenet_forward', NET + 'input = torch.randn(1, 1, 32, 32)', 'net(input)', tol='close')
case('lenet_forward_batch', NET + 'input = torch.randn(3, 1, 32, 32)', 'net(input)', tol='close')
case('lenet_conv1_bias_grad', NET + 'input = torch.randn(1, 1, 32, 32)\ntarget = torch.randn(10).view(1, -1)\nloss = nn.MSELoss()(net(input), target)\nnet.zero_grad()\nloss.backward()', 'net.conv1.bias.grad', tol='close')
case('lenet_loss', NET + 'input = torch.randn(1, 1, 32, 32)\ntarget = torch.randn(10).view(1, -1)', 'nn.MSELoss()(net(input), target)', tol='close')
case('lenet_manual_sgd', NET + 'input = torch.randn(1, 1, 32, 32)\ntarget = torch.randn(10).view(1, -1)\nloss = nn.MSELoss()(net(input), target)\nloss.backward()\nfor f in net.parameters():\n    f.data.sub_(f.grad.data * 0.01)', 'net.fc3.weight', tol='close')
case('lenet_unbatched_3d_conv', NET, 'net.conv1(torch.randn(1, 32, 32))', tol='close')

# --------------------------------------------------------------------------------------------
# loss modules, every reduction
# --------------------------------------------------------------------------------------------
REG = S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.randn(3, 4)\n'
CLS = S0 + 'x = torch.randn(4, 5, requires_grad=True)\nt = torch.tensor([1, 0, 4, 2])\nw = torch.tensor([1., 2., 0.5, 1., 3.])\n'
PRB = S0 + 'p = torch.rand(3, 4, requires_grad=True)\ny = torch.rand(3, 4)\n'
LOG = S0 + 'x = torch.randn(3, 4, requires_grad=True)\ny = torch.rand(3, 4)\npw = torch.tensor([1., 2., 0.5, 3.])\n'
for r in REDS:
    case(f'mse_module_{r}', REG, f"nn.MSELoss(reduction='{r}')(x, y)", tol='close')
    case(f'l1_module_{r}', REG, f"nn.L1Loss(reduction='{r}')(x, y)", tol='close')
    case(f'ce_module_{r}', CLS, f"nn.CrossEntropyLoss(reduction='{r}')(x, t)", tol='close')
    case(f'ce_module_weight_{r}', CLS, f"nn.CrossEntropyLoss(weight=w, reduction='{r}')(x, t)", tol='close')
    case(f'ce_module_smooth_{r}', CLS, f"nn.CrossEntropyLoss(label_smoothing=0.1, reduction='{r}')(x, t)", tol='close')
    case(f'ce_module_ignore_{r}', CLS, f"nn.CrossEntropyLoss(ignore_index=0, reduction='{r}')(x, t)", tol='close')
    case(f'nll_module_{r}', CLS, f"nn.NLLLoss(reduction='{r}')(F.log_softmax(x, 1), t)", tol='close')
    case(f'nll_module_weight_{r}', CLS, f"nn.NLLLoss(weight=w, reduction='{r}')(x, t)", tol='close')
    case(f'bce_module_{r}', PRB, f"nn.BCELoss(reduction='{r}')(p, y)", tol='close')
    case(f'bce_logits_module_{r}', LOG, f"nn.BCEWithLogitsLoss(reduction='{r}')(x, y)", tol='close')
    case(f'bce_logits_module_pw_{r}', LOG, f"nn.BCEWithLogitsLoss(pos_weight=pw, reduction='{r}')(x, y)", tol='close')
case('mse_module_broadcast_warning', S0 + 'out = torch.randn(1, 10, requires_grad=True)\ntarget = torch.randn(10)', 'nn.MSELoss()(out, target)', tol='close')
case('mse_module_target_grad', S0 + 'x = torch.randn(3, requires_grad=True)\ny = torch.randn(3, requires_grad=True)', 'nn.MSELoss()(x, y)', tol='close')

# --------------------------------------------------------------------------------------------
# repr
# --------------------------------------------------------------------------------------------
for i, ctor in enumerate([
        'nn.Conv2d(1, 6, 3)', 'nn.Conv2d(1, 6, 3, stride=2)', 'nn.Conv2d(1, 6, 3, 1, 1)',
        'nn.Conv2d(1, 6, 3, padding=0)', "nn.Conv2d(1, 6, 3, padding='same')",
        "nn.Conv2d(1, 6, 3, padding='valid')", 'nn.Conv2d(1, 6, 3, dilation=2)',
        'nn.Conv2d(4, 8, 3, groups=2)', 'nn.Conv2d(1, 6, (3, 5), bias=False)',
        "nn.Conv2d(1, 1, 3, padding=1, padding_mode='reflect')",
        "nn.Conv2d(4, 8, (3, 3), stride=(2, 1), padding=(1, 0), dilation=(2, 2), groups=4, bias=False, padding_mode='replicate')",
        'nn.Linear(10, 5)', 'nn.Linear(10, 5, bias=False)', 'nn.ReLU()', 'nn.ReLU(inplace=True)',
        'nn.Sigmoid()', 'nn.Tanh()', 'nn.GELU()', 'nn.LeakyReLU()', 'nn.LeakyReLU(0.2, inplace=True)',
        'nn.Softmax(dim=1)', 'nn.Softmax()', 'nn.LogSoftmax(dim=1)', 'nn.MaxPool2d(2)',
        'nn.MaxPool2d((2, 2))', 'nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)',
        'nn.MaxPool2d(2, return_indices=True)', 'nn.AvgPool2d(2)',
        'nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)',
        'nn.AdaptiveAvgPool2d((1, 1))', 'nn.AdaptiveAvgPool2d(5)', 'nn.Flatten()', 'nn.Flatten(0, -1)',
        'nn.Dropout()', 'nn.Dropout(0.2)', 'nn.Identity()', 'nn.MSELoss()', "nn.MSELoss(reduction='sum')",
        'nn.L1Loss()', 'nn.CrossEntropyLoss()', 'nn.CrossEntropyLoss(label_smoothing=0.1)',
        'nn.NLLLoss()', 'nn.BCELoss()', 'nn.BCEWithLogitsLoss()', 'nn.BatchNorm2d(6)',
        'nn.BatchNorm1d(10, affine=False)', 'nn.BatchNorm2d(3, eps=0.001, momentum=None)',
        'nn.BatchNorm2d(3, track_running_stats=False)', 'nn.Sequential()', 'nn.ModuleList()']):
    rep(f'repr_module_{i:02d}', '', ctor)
SEQ = 'seq = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 15 * 15, 10))\n'
rep('repr_sequential', SEQ, 'seq')
rep('repr_sequential_index', SEQ, 'seq[0]')
rep('repr_sequential_slice', SEQ, 'seq[1:3]')
rep('repr_lenet', NET, 'net')
rep('repr_lenet_child', NET, 'net.fc1')
rep('repr_modulelist', '', 'nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2)])')
rep('repr_modulelist_all_same', '', 'nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.ReLU()])')
BLOCK = '''class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU())
        self.head = nn.Linear(6, 2)
        self.layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2)])
        self.scale = 2.0
        self.act = F.relu

    def forward(self, x):
        return self.head(x)

'''
rep('repr_nested', BLOCK + 'b = Block()', 'b')
rep('repr_empty_module', 'class Empty(nn.Module):\n    pass\n', 'Empty()')
rep('repr_parameter', 'p = nn.Parameter(torch.tensor([1., 2.]))', 'p')
rep('repr_parameter_no_grad', '', 'nn.Parameter(torch.ones(2), requires_grad=False)')
rep('repr_lenet_conv1_bias', NET, 'net.conv1.bias')
rep('repr_state_dict_keys_lenet', NET, 'list(net.state_dict().keys())')
rep('repr_state_dict_keys_seq', SEQ, 'list(seq.state_dict().keys())')
rep('repr_state_dict_keys_bn', '', 'list(nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Sequential(nn.Linear(3, 1))).state_dict().keys())')
rep('repr_state_dict_keys_nested', BLOCK + 'b = Block()', 'list(b.state_dict().keys())')
rep('repr_named_parameters', NET, '[(n, tuple(p.shape)) for n, p in net.named_parameters()]')
rep('repr_parameter_sizes', NET, '[p.size() for p in net.parameters()]')
rep('repr_num_params', NET, 'sum([p.numel() for p in net.parameters()])')
rep('repr_named_children', NET, '[n for n, c in net.named_children()]')
rep('repr_modules_count', NET, 'len(list(net.modules()))')
rep('repr_training_flags', NET + 'net.eval()', '(net.training, net.conv1.training)')
rep('repr_train_returns_self', 'm = nn.Linear(2, 2)', 'm.train()')
rep('repr_zero_grad_none', NET + 'net(torch.randn(1, 1, 32, 32)).sum().backward()\nnet.zero_grad()', 'net.conv1.bias.grad')
rep('repr_zero_grad_zeros', S0 + 'lin = nn.Linear(2, 1)\nlin(torch.tensor([[1., 2.]])).sum().backward()\nlin.zero_grad(set_to_none=False)', 'lin.weight.grad')
rep('repr_grad_accumulates', S0 + 'lin = nn.Linear(2, 1)\nx = torch.tensor([[1., 2.]])\nlin(x).sum().backward()\nlin(x).sum().backward()', 'lin.weight.grad')
rep('repr_loss_grad_fn_chain', NET + 'loss = nn.MSELoss()(net(torch.randn(1, 1, 32, 32)), torch.randn(1, 10))',
    '[loss.grad_fn.name(), loss.grad_fn.next_functions[0][0].name(), loss.grad_fn.next_functions[0][0].next_functions[0][0].name()]')
rep('repr_addmm_next_functions', NET + 'out = net(torch.randn(1, 1, 32, 32))',
    '[f[0].name() for f in out.grad_fn.next_functions]')
rep('repr_accumulate_variable', NET + 'out = net(torch.randn(1, 1, 32, 32))',
    'out.grad_fn.next_functions[0][0].variable is net.fc3.bias')
rep('repr_load_state_dict', S0 + 'a = nn.Linear(2, 2)\nb = nn.Linear(2, 2)', 'b.load_state_dict(a.state_dict())')
case('load_state_dict_copies', S0 + 'a = nn.Linear(2, 2)\nb = nn.Linear(2, 2)\nb.load_state_dict(a.state_dict())', 'b.weight')
rep('repr_load_state_dict_non_strict', S0 + 'lin = nn.Linear(2, 2)', "lin.load_state_dict({'weight': torch.zeros(2, 2)}, strict=False)")
case('load_state_dict_values', S0 + 'lin = nn.Linear(2, 2)\nlin.load_state_dict({"weight": torch.ones(2, 2), "bias": torch.tensor([1., -1.])})', 'lin(torch.tensor([[1., 2.]]))')

# optimizer reprs
OPT = S0 + 'model = nn.Linear(2, 1)\n'
for i, ctor in enumerate([
        'optim.SGD(model.parameters(), lr=0.01)', 'optim.SGD(model.parameters())',
        'optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)',
        'optim.SGD(model.parameters(), lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.0, maximize=True)',
        'optim.SGD(model.parameters(), lr=1e-4, weight_decay=1e-5)',
        'optim.Adam(model.parameters())', 'optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.9), amsgrad=True)',
        'optim.AdamW(model.parameters())', 'optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.1)',
        'optim.RMSprop(model.parameters())', 'optim.RMSprop(model.parameters(), lr=0.001, momentum=0.9, centered=True)',
        "optim.SGD([{'params': [model.weight]}, {'params': [model.bias], 'lr': 0.5}], lr=0.01)"]):
    rep(f'repr_optimizer_{i:02d}', OPT, ctor)
rep('repr_optimizer_lr', OPT + 'opt = optim.SGD(model.parameters(), lr=0.01)', "opt.param_groups[0]['lr']")
rep('repr_optimizer_group_keys', OPT + 'opt = optim.Adam(model.parameters())', "sorted(opt.param_groups[0].keys())")
rep('repr_sgd_state_empty', OPT + 'opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)', 'opt.state[model.weight]')
SGDS = 'p = torch.tensor([1.], requires_grad=True)\nopt = optim.SGD([p], lr=0.1, momentum=0.9)\n(3 * p).sum().backward()\n'
rep('repr_sgd_state_buffer', SGDS + 'opt.step()\nopt.step()', 'opt.state[p]')
rep('repr_sgd_stale_grad', SGDS + 'opt.step()\nopt.step()\nopt.step()', 'p')
rep('repr_sgd_skips_no_grad', 'p1 = torch.tensor([1.], requires_grad=True)\np2 = torch.tensor([5.], requires_grad=True)\nopt = optim.SGD([p1, p2], lr=0.1, momentum=0.9)\n(p1 * 2).sum().backward()\nopt.step()', '(p1, p2, p2.grad, opt.state[p2])')
rep('repr_adam_state', 'p = torch.tensor([1., 2.], requires_grad=True)\nopt = optim.Adam([p], lr=0.1)\nfor i in range(4):\n    opt.zero_grad()\n    (p * p).sum().backward()\n    opt.step()', "sorted(opt.state[p].keys())")
rep('repr_adam_step', 'p = torch.tensor([1., 2.], requires_grad=True)\nopt = optim.Adam([p], lr=0.1)\nfor i in range(4):\n    opt.zero_grad()\n    (p * p).sum().backward()\n    opt.step()', "opt.state[p]['step']")
rep('repr_optimizer_zero_grad', OPT + 'opt = optim.SGD(model.parameters(), lr=0.1)\nmodel(torch.ones(2)).sum().backward()\nopt.zero_grad()', 'model.weight.grad')

# --------------------------------------------------------------------------------------------
# optimizer trajectories: 15 steps on a small MLP with fixed data
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
OPTS = [
    ('sgd', 'optim.SGD(model.parameters(), lr=0.1)'),
    ('sgd_momentum', 'optim.SGD(model.parameters(), lr=0.05, momentum=0.9)'),
    ('sgd_dampening', 'optim.SGD(model.parameters(), lr=0.05, momentum=0.9, dampening=0.5)'),
    ('sgd_weight_decay', 'optim.SGD(model.parameters(), lr=0.1, weight_decay=0.01)'),
    ('sgd_nesterov', 'optim.SGD(model.parameters(), lr=0.05, momentum=0.8, nesterov=True)'),
    ('sgd_maximize', 'optim.SGD(model.parameters(), lr=0.01, maximize=True)'),
    ('sgd_all', 'optim.SGD(model.parameters(), lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.05)'),
    ('sgd_nesterov_wd', 'optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)'),
    ('adam', 'optim.Adam(model.parameters())'),
    ('adam_lr', 'optim.Adam(model.parameters(), lr=0.01)'),
    ('adam_betas_eps', 'optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.99), eps=1e-6)'),
    ('adam_weight_decay', 'optim.Adam(model.parameters(), lr=0.01, weight_decay=0.1)'),
    ('adam_amsgrad', 'optim.Adam(model.parameters(), lr=0.01, amsgrad=True)'),
    ('adam_maximize', 'optim.Adam(model.parameters(), lr=0.01, maximize=True)'),
    ('adamw', 'optim.AdamW(model.parameters())'),
    ('adamw_lr_wd', 'optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.1)'),
    ('adamw_amsgrad', 'optim.AdamW(model.parameters(), lr=0.01, amsgrad=True)'),
    ('rmsprop', 'optim.RMSprop(model.parameters())'),
    ('rmsprop_alpha', 'optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9)'),
    ('rmsprop_momentum', 'optim.RMSprop(model.parameters(), lr=0.001, momentum=0.9)'),
    ('rmsprop_centered', 'optim.RMSprop(model.parameters(), lr=0.001, centered=True)'),
    ('rmsprop_weight_decay', 'optim.RMSprop(model.parameters(), lr=0.001, weight_decay=0.1)'),
    ('rmsprop_all', 'optim.RMSprop(model.parameters(), lr=0.001, alpha=0.95, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.01)'),
]
for nm, ctor in OPTS:
    traj(f'trajectory_{nm}', MLP + f'opt = {ctor}\n' + STEP, MLP_FINAL)
traj('trajectory_sgd_cross_entropy', S0 + '''model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
X = torch.randn(16, 4)
T = torch.randint(0, 3, (16,))
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

def step():
    opt.zero_grad()
    loss = F.cross_entropy(model(X), T)
    loss.backward()
    opt.step()
    return loss
''', MLP_FINAL)
traj('trajectory_lenet_sgd', NET + '''input = torch.randn(1, 1, 32, 32)
target = torch.randn(10).view(1, -1)
criterion = nn.MSELoss()
opt = optim.SGD(net.parameters(), lr=0.01)

def step():
    opt.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    opt.step()
    return loss
''', ['net.conv1.bias', 'net.fc3.bias', 'net.fc3.weight'], steps=5)

SQRT_NOTE = ('follows docs/pytorch-behaviour.md 5.4 bit for bit when sqrt(v) is computed by '
             "torch.sqrt, which is not correctly rounded on the generating machine (about 20% of "
             'values 1 ulp off), so the final values are compared with the close tolerance')
# Exact optimizer arithmetic: the gradient of ((p - c) ** 2).sum() is 2 * (p - c), computed
# without rounding, so the parameters (not the summed loss) must match bit for bit.
BOWL = S0 + '''p = torch.randn(64, requires_grad=True)
c = torch.randn(64)
'''
BSTEP = '''
def step():
    opt.zero_grad()
    loss = ((p - c) ** 2).sum()
    loss.backward()
    opt.step()
    return loss
'''
for nm, ctor, state in [
        ('sgd', 'optim.SGD([p], lr=0.1)', []),
        ('sgd_momentum', 'optim.SGD([p], lr=0.05, momentum=0.9)', ["opt.state[p]['momentum_buffer']"]),
        ('sgd_dampening_wd', 'optim.SGD([p], lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)', ["opt.state[p]['momentum_buffer']"]),
        ('sgd_nesterov', 'optim.SGD([p], lr=0.03, momentum=0.7, nesterov=True)', ["opt.state[p]['momentum_buffer']"]),
        ('sgd_maximize', 'optim.SGD([p], lr=0.01, maximize=True)', []),
        ('adam', 'optim.Adam([p], lr=0.1)', ["opt.state[p]['exp_avg']", "opt.state[p]['exp_avg_sq']", "opt.state[p]['step']"]),
        ('adam_small_lr', 'optim.Adam([p])', []),
        ('adam_wd', 'optim.Adam([p], lr=0.05, weight_decay=0.1)', []),
        ('adam_amsgrad', 'optim.Adam([p], lr=0.05, amsgrad=True)', ["opt.state[p]['max_exp_avg_sq']"]),
        ('adam_betas', 'optim.Adam([p], lr=0.05, betas=(0.5, 0.9), eps=1e-4)', []),
        ('adamw', 'optim.AdamW([p], lr=0.05)', []),
        ('adamw_wd', 'optim.AdamW([p], lr=0.05, weight_decay=0.3)', []),
        ('rmsprop', 'optim.RMSprop([p], lr=0.01)', ["opt.state[p]['square_avg']"]),
        ('rmsprop_momentum_centered', 'optim.RMSprop([p], lr=0.01, momentum=0.5, centered=True)', []),
]:
    if nm.startswith('sgd'):
        traj(f'trajectory_exact_{nm}', BOWL + f'opt = {ctor}\n' + BSTEP, ['p'] + state,
             final_tolerance='exact')
    else:
        traj(f'trajectory_exact_{nm}', BOWL + f'opt = {ctor}\n' + BSTEP, ['p'] + state,
             final_tolerance='close', note=SQRT_NOTE)

# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------
err('err_linear_shape', S0 + 'm = nn.Linear(576, 120)', 'm(torch.randn(1, 400))', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)')
err('err_linear_1d_shape', S0 + 'm = nn.Linear(4, 3)', 'm(torch.randn(5))', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (1x5 and 4x3)')
err('err_linear_nobias_shape', S0 + 'm = nn.Linear(4, 3, bias=False)', 'm(torch.randn(2, 5))', 'RuntimeError', 'mm: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)')
err('err_linear_long_input', S0 + 'm = nn.Linear(4, 3)', 'm(torch.tensor([[1, 2, 3, 4]]))', 'RuntimeError', 'mat1 and mat2 must have the same dtype, but got Long and Float')
err('err_lenet_28', NET, 'net(torch.randn(1, 1, 28, 28))', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)')
err('err_lenet_unbatched', NET, 'net(torch.randn(1, 32, 32))', 'RuntimeError', 'addmm: mat1 and mat2 shapes cannot be multiplied (16x36 and 576x120)')
err('err_conv_channels', S0 + 'conv = nn.Conv2d(1, 6, 3)', 'conv(torch.randn(1, 3, 32, 32))', 'RuntimeError', 'Given groups=1, weight of size [6, 1, 3, 3], expected input[1, 3, 32, 32] to have 1 channels, but got 3 channels instead')
err('err_conv_2d_input', S0 + 'conv = nn.Conv2d(1, 6, 3)', 'conv(torch.randn(32, 32))', 'RuntimeError', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [32, 32]')
err('err_conv_small_input', S0 + 'conv = nn.Conv2d(1, 6, 3)', 'conv(torch.randn(1, 1, 2, 2))', 'RuntimeError', "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size")
err('err_conv_groups_ctor', '', 'nn.Conv2d(3, 6, 3, groups=2)', 'ValueError', 'in_channels must be divisible by groups')
err('err_conv_out_groups_ctor', '', 'nn.Conv2d(4, 5, 3, groups=2)', 'ValueError', 'out_channels must be divisible by groups')
err('err_conv_same_strided_ctor', '', "nn.Conv2d(1, 6, 3, stride=2, padding='same')", 'ValueError', "padding='same' is not supported for strided convolutions")
err('err_conv_missing_kernel', '', 'nn.Conv2d(1, 6)', 'TypeError', "Conv2d.__init__() missing 1 required positional argument: 'kernel_size'")
err('err_conv_reflect_too_big', S0 + "m = nn.Conv2d(1, 1, 3, padding=2, padding_mode='reflect')", 'm(torch.randn(1, 1, 2, 2))', 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (2, 2) at dimension 3 of input [1, 1, 2, 2]')
err('err_linear_missing_arg', '', 'nn.Linear(2)', 'TypeError', "Linear.__init__() missing 1 required positional argument: 'out_features'")
err('err_maxpool_too_small', 'm = nn.MaxPool2d(2)', 'm(torch.randn(1, 1, 1, 1))', 'RuntimeError', 'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small')
err('err_forward_extra_arg', NET, 'net(torch.randn(1, 1, 32, 32), 5)', 'TypeError', 'Net.forward() takes 2 positional arguments but 3 were given')
err('err_forward_missing_arg', NET, 'net.forward()', 'TypeError', "Net.forward() missing 1 required positional argument: 'x'")
err('err_no_super_init', 'class Bad(nn.Module):\n    def __init__(self):\n        self.conv1 = nn.Conv2d(1, 6, 3)\n', 'Bad()', 'AttributeError', 'cannot assign module before Module.__init__() call')
err('err_no_forward', 'class NoForward(nn.Module):\n    def __init__(self):\n        super().__init__()\n', 'NoForward()(torch.ones(1))', 'NotImplementedError', 'Module [NoForward] is missing the required "forward" function')
err('err_module_attribute', NET, 'net.conv3', 'AttributeError', "'Net' object has no attribute 'conv3'")
err('err_conv_attribute', NET, 'net.conv1.kernal_size', 'AttributeError', "'Conv2d' object has no attribute 'kernal_size'")
err('err_bn_channels', 'bn = nn.BatchNorm2d(3)', 'bn(torch.randn(2, 4, 2, 2))', 'RuntimeError', None)
err('err_bn_single_value', 'bn = nn.BatchNorm1d(3)', 'bn(torch.randn(1, 3))', 'ValueError', None)
err('err_bn2d_3d_input', 'bn = nn.BatchNorm2d(3)', 'bn(torch.randn(3, 4, 4))', 'ValueError', None)
err('err_ce_module_float_target', S0 + 'out = torch.randn(2, 10)', 'nn.CrossEntropyLoss()(out, torch.tensor([1., 3.]))', 'RuntimeError', 'expected target dtype to be Long or Byte, but got Float')
err('err_optim_empty', '', 'optim.SGD([], lr=0.01)', 'ValueError', 'optimizer got an empty parameter list')
err('err_optim_consumed_generator', 'lin = nn.Linear(2, 2)\nparams = lin.parameters()\nps = list(params)', 'optim.SGD(params, lr=0.01)', 'ValueError', 'optimizer got an empty parameter list')
err('err_optim_tensor', '', 'optim.SGD(torch.randn(3), lr=0.1)', 'TypeError', 'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor')
err('err_optim_module', 'lin = nn.Linear(2, 2)', 'optim.SGD(lin, lr=0.1)', 'TypeError', "'Linear' object is not iterable")
err('err_optim_negative_lr', 'lin = nn.Linear(2, 2)', 'optim.SGD(lin.parameters(), lr=-1)', 'ValueError', 'Invalid learning rate: -1')
err('err_optim_nesterov', 'lin = nn.Linear(2, 2)', 'optim.SGD(lin.parameters(), lr=0.1, nesterov=True)', 'ValueError', 'Nesterov momentum requires a momentum and zero dampening')
err('err_optim_adam_beta', 'lin = nn.Linear(2, 2)', 'optim.Adam(lin.parameters(), betas=(1.0, 0.999))', 'ValueError', None)
err('err_optim_method_not_called', 'lin = nn.Linear(2, 2)', 'optim.SGD(lin.parameters, lr=0.1)', 'TypeError', None)
err('err_load_state_dict_missing', 'lin = nn.Linear(2, 2)', "lin.load_state_dict({'weight': torch.zeros(2, 2)})", 'RuntimeError', 'Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". ')
err('err_load_state_dict_unexpected_size', 'lin = nn.Linear(2, 3)', "lin.load_state_dict({'weight': torch.zeros(2, 2), 'bias': torch.zeros(3), 'extra': torch.zeros(1)})", 'RuntimeError', 'Error(s) in loading state_dict for Linear:\n\tUnexpected key(s) in state_dict: "extra". \n\tsize mismatch for weight: copying a param with shape torch.Size([2, 2]) from checkpoint, the shape in current model is torch.Size([3, 2]).')
err('err_param_inplace', 'lin = nn.Linear(2, 2)', 'lin.weight.add_(1)', 'RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.')


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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed file, write nothing')
    ap.add_argument('--out', default=OUT, help=argparse.SUPPRESS)
    a = ap.parse_args()
    cases = build()
    header = {'format': 'nnrepl-nn-golden/1', 'produced_by': G.produced_by() + ', scripts/golden/nn.py'}
    text = G.dump(a.out, header, cases)
    ok = G.write_or_check(a.out, text, a.check)
    kinds = {'repr': sum('repr' in c for c in cases), 'trajectory': sum('trajectory' in c for c in cases),
             'error': sum('error' in c for c in cases)}
    print(f'nn: {len(cases)} cases ({kinds["repr"]} repr, {kinds["trajectory"]} trajectories, '
          f'{kinds["error"]} errors), {len(text) // 1024} KiB')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
