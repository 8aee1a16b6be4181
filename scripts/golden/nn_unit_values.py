#!/usr/bin/env python3
"""Golden values for the NN target's unit tests: prints Tests/NNTests/GoldenValues.swift.

Needs Python 3.11 with PyTorch 2.15:
    ~/torchenv/bin/python scripts/golden/nn_unit_values.py > Tests/NNTests/GoldenValues.swift

Everything is printed as Swift literals (float32 values as their bit patterns), so the Swift
tests never need PyTorch. Contents:

* `initBits`: parameters right after `torch.manual_seed(seed)` and a layer constructor, and the
  results of `nn.init.*` calls (docs/pytorch-rng.md §10) — compared bit for bit.
* `forwardBits`: layer outputs (conv padding modes, 'same', pooling, batch norm, losses and
  their gradients) — compared within a tolerance (sums in a different order).
* `trajectories`: a Linear(3, 2) model, fixed data, MSELoss, 15 optimizer steps per config; for
  every step the gradients PyTorch computed (weight then bias, row-major) and the parameters
  after the step. The Swift test feeds PyTorch's gradients to its optimizer, so each step checks
  the optimizer's arithmetic alone (docs/pytorch-behaviour.md §5.3/5.4).
"""

import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402
from golden_common import torch, nn, optim                          # noqa: E402


def bits(t):
    flat = t.detach().contiguous().reshape(-1).tolist()
    return [struct.unpack('<I', struct.pack('<f', v))[0] for v in flat]


def swift_bits(values, indent='        '):
    words = [f'0x{v:08x}' for v in values]
    lines = [', '.join(words[i:i + 8]) for i in range(0, len(words), 8)]
    return '[\n' + ''.join(f'{indent}    {ln},\n' for ln in lines) + f'{indent}]'


def seeded(seed, make):
    torch.manual_seed(seed)
    return make()


INIT = []       # (name, shape, bits)


def add_init(name, t):
    INIT.append((name, list(t.shape), bits(t)))


def module_params(name, seed, make):
    m = seeded(seed, make)
    for pname, p in m.named_parameters():
        add_init(f'{name}.{pname}', p)


module_params('linear_4_3', 0, lambda: nn.Linear(4, 3))
module_params('linear_3_2_nobias', 0, lambda: nn.Linear(3, 2, bias=False))
module_params('linear_20_3', 5, lambda: nn.Linear(20, 3))
module_params('conv_1_2_3', 0, lambda: nn.Conv2d(1, 2, 3))
module_params('conv_4_6_3x2_g2', 0, lambda: nn.Conv2d(4, 6, (3, 2), groups=2))
module_params('conv_2_3_1_reflect_nobias', 0,
              lambda: nn.Conv2d(2, 3, 1, padding=1, padding_mode='reflect', bias=False))
module_params('conv_0_2_3', 0, lambda: nn.Conv2d(1, 2, 0))


def sequence():
    a = nn.Linear(2, 2)
    b = nn.Conv2d(1, 1, 2)
    c = nn.Linear(3, 1)
    return nn.ModuleDict({'a': a, 'b': b, 'c': c})


module_params('sequence', 0, sequence)

for name, seed, make in [
    ('kaiming_uniform_fan_out_relu', 0,
     lambda: nn.init.kaiming_uniform_(torch.empty(3, 5), mode='fan_out', nonlinearity='relu')),
    ('kaiming_normal_4x5', 0, lambda: nn.init.kaiming_normal_(torch.empty(4, 5))),
    ('kaiming_normal_2x3_a02', 0, lambda: nn.init.kaiming_normal_(torch.empty(2, 3), a=0.2)),
    ('kaiming_uniform_conv_a1', 0, lambda: nn.init.kaiming_uniform_(torch.empty(2, 3, 2, 2), a=1)),
    ('xavier_uniform_gain2', 0, lambda: nn.init.xavier_uniform_(torch.empty(3, 4), gain=2.0)),
    ('xavier_normal_20x5', 0, lambda: nn.init.xavier_normal_(torch.empty(20, 5))),
    ('uniform_m2_3', 0, lambda: nn.init.uniform_(torch.empty(5), -2.0, 3.0)),
    ('normal_1_2', 0, lambda: nn.init.normal_(torch.empty(7), 1.0, 2.0)),
    ('constant_03', 0, lambda: nn.init.constant_(torch.empty(3), 0.3)),
]:
    add_init(name, seeded(seed, make))

GAINS = [(nl, p, nn.init.calculate_gain(nl, p)) for nl, p in
         [('linear', None), ('sigmoid', None), ('tanh', None), ('relu', None), ('leaky_relu', None),
          ('leaky_relu', 0.2), ('leaky_relu', 3), ('selu', None), ('conv2d', None)]]

# ---------------------------------------------------------------------------------------------

FORWARD = []    # (name, shape, bits)


def add_fwd(name, t):
    FORWARD.append((name, list(t.shape), bits(t)))


x16 = torch.arange(16.).view(1, 1, 4, 4)
for mode in ['zeros', 'reflect', 'replicate', 'circular']:
    c = seeded(0, lambda: nn.Conv2d(1, 2, 3, padding=1, padding_mode=mode))
    add_fwd(f'conv_pad1_{mode}', c(x16))
for mode in ['zeros', 'reflect']:
    c = seeded(0, lambda: nn.Conv2d(1, 2, (2, 3), padding='same', padding_mode=mode))
    add_fwd(f'conv_same_2x3_{mode}', c(x16))
c = seeded(0, lambda: nn.Conv2d(1, 1, 3, padding='same', dilation=2))
add_fwd('conv_same_dil2', c(torch.arange(25.).view(1, 5, 5)))
c = seeded(0, lambda: nn.Conv2d(4, 6, 3, stride=2, padding=(1, 0), groups=2))
add_fwd('conv_groups_stride', c(torch.arange(4 * 5 * 6.).view(1, 4, 5, 6) / 50))

x25 = torch.arange(25.).view(1, 1, 5, 5)
add_fwd('maxpool_2_ceil', nn.MaxPool2d(2, ceil_mode=True)(x25))
add_fwd('maxpool_3_s1_p1', nn.MaxPool2d(3, stride=1, padding=1)(x25))
add_fwd('avgpool_3_s2_p1_nopad', nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(x25))
add_fwd('avgpool_2_div3', nn.AvgPool2d(2, divisor_override=3)(x25))
add_fwd('adaptive_avg_2x3', nn.AdaptiveAvgPool2d((2, 3))(x25))

xb = torch.tensor([[1., 2., 3.], [3., 2., 0.5], [0., -1., 4.], [2., 2., 2.]])
bn = nn.BatchNorm1d(3)
add_fwd('bn_train_out', bn(xb))
bn(xb * 2)
add_fwd('bn_running_mean', bn.running_mean)
add_fwd('bn_running_var', bn.running_var)
bn.eval()
add_fwd('bn_eval_out', bn(xb))
bnc = nn.BatchNorm1d(3, momentum=None)
bnc(xb)
bnc(xb * 2 + 1)
add_fwd('bn_cumulative_running_mean', bnc.running_mean)
add_fwd('bn_cumulative_running_var', bnc.running_var)


def loss_case(name, make, inp, target):
    x = inp.clone().requires_grad_()
    out = make()(x, target)
    add_fwd(name, out)
    out.sum().backward()
    add_fwd(name + '_grad', x.grad)


logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 0.5]])
cls = torch.tensor([2, 0, 1, 2])
loss_case('ce_plain', lambda: nn.CrossEntropyLoss(), logits, cls)
loss_case('ce_weight_ignore', lambda: nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5]), ignore_index=1),
          logits, cls)
loss_case('ce_smooth_sum', lambda: nn.CrossEntropyLoss(reduction='sum', label_smoothing=0.1), logits, cls)
loss_case('ce_none', lambda: nn.CrossEntropyLoss(reduction='none'), logits, cls)
loss_case('nll_weight', lambda: nn.NLLLoss(weight=torch.tensor([1.0, 2.0, 0.5])), torch.log_softmax(logits, 1), cls)
pred = torch.tensor([[0.5, -1.0], [2.0, 0.25], [0.0, 3.0]])
tgt = torch.tensor([[1.0, 0.0], [1.5, 0.5], [-1.0, 2.0]])
loss_case('mse_mean', lambda: nn.MSELoss(), pred, tgt)
loss_case('mse_sum', lambda: nn.MSELoss(reduction='sum'), pred, tgt)
loss_case('l1_mean', lambda: nn.L1Loss(), pred, tgt)
probs = torch.tensor([[0.2, 0.9], [0.5, 0.01], [0.7, 0.3]])
bt = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
loss_case('bce_mean', lambda: nn.BCELoss(), probs, bt)
loss_case('bce_weight_sum', lambda: nn.BCELoss(weight=torch.tensor([1.0, 3.0]), reduction='sum'), probs, bt)
loss_case('bcelogits_posweight', lambda: nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 0.5])), pred, bt)

# ---------------------------------------------------------------------------------------------

W0 = torch.tensor([[0.3, -0.2, 0.5], [-0.4, 0.1, 0.25]])
B0 = torch.tensor([0.05, -0.1])
X = torch.tensor([[1.0, 2.0, -1.0], [0.5, -1.5, 2.0], [-2.0, 0.0, 1.0], [1.5, 1.0, 0.5], [0.0, -0.5, -2.5]])
Y = torch.tensor([[1.0, 0.0], [-1.0, 2.0], [0.5, 0.5], [2.0, -1.0], [0.0, 1.0]])

CONFIGS = [
    ('sgd_plain', lambda p: optim.SGD(p, lr=0.1)),
    ('sgd_momentum', lambda p: optim.SGD(p, lr=0.05, momentum=0.9)),
    ('sgd_dampening_wd', lambda p: optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.1)),
    ('sgd_nesterov', lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    ('sgd_maximize', lambda p: optim.SGD(p, lr=0.01, momentum=0.5, maximize=True)),
    ('adam', lambda p: optim.Adam(p, lr=0.1)),
    ('adam_wd', lambda p: optim.Adam(p, lr=0.01, weight_decay=0.1)),
    ('adam_amsgrad', lambda p: optim.Adam(p, lr=0.05, amsgrad=True, betas=(0.8, 0.99))),
    ('adam_maximize', lambda p: optim.Adam(p, lr=0.01, maximize=True)),
    ('adamw', lambda p: optim.AdamW(p, lr=0.05)),
    ('rmsprop', lambda p: optim.RMSprop(p, lr=0.01)),
    ('rmsprop_momentum_centered_wd', lambda p: optim.RMSprop(p, lr=0.01, momentum=0.9, centered=True, weight_decay=0.01)),
    ('rmsprop_alpha_maximize', lambda p: optim.RMSprop(p, lr=0.005, alpha=0.9, maximize=True)),
]

# Adam and RMSprop take a float32 sqrt every step. PyTorch's is not correctly rounded on every
# build (scripts/golden/README.md §4), while nnrepl's is; to still check their arithmetic bit for
# bit, the test substitutes PyTorch's own sqrt results. They come from a float32 emulation of
# docs/pytorch-behaviour.md §5.4 (and of _single_tensor_rmsprop) that calls torch.sqrt and is
# asserted below to reproduce torch.optim bit for bit; the table maps each sqrt input seen to
# PyTorch's output.
F32 = np.float32


def fma(a, b, c):
    # Exact product in double, one rounding of the sum, then float32 (equal to a true fma except
    # in double-rounding cases, which the bit-for-bit assertion would catch).
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(F32)


def lerp(a, b, w):
    d = (b - a).astype(F32)
    if abs(w) < 0.5:
        return fma(np.full_like(a, w), d, a)
    return fma(-d, np.full_like(a, F32(1) - w), b)


class RecordingSqrt:
    def __init__(self):
        self.table = {}

    def __call__(self, v):
        out = torch.sqrt(torch.from_numpy(v.copy())).numpy()
        for i, o in zip(v.view(np.uint32).tolist(), out.view(np.uint32).tolist()):
            self.table[i] = o
        return out


def emulate(kind, cfg, grads):
    """Parameters after each step, computed as nnrepl computes them but with torch.sqrt."""
    sqrt = RecordingSqrt()
    p = np.concatenate([W0.numpy().ravel(), B0.numpy()]).astype(F32)
    out = []
    if kind == 'adam':
        lr, (b1, b2) = cfg.get('lr', 1e-3), cfg.get('betas', (0.9, 0.999))
        eps, wd = cfg.get('eps', 1e-8), cfg.get('weight_decay', 0)
        m = np.zeros(8, F32); v = np.zeros(8, F32); vmax = np.zeros(8, F32)
        for t, g in enumerate(grads, 1):
            g = -g if cfg.get('maximize') else g
            if wd:
                if cfg.get('decoupled'):
                    p = (p * F32(1 - lr * wd)).astype(F32)
                else:
                    g = fma(np.full(8, F32(wd)), p, g)
            m = lerp(m, g, F32(1 - b1))
            v = fma((F32(1 - b2) * g).astype(F32), g, (v * F32(b2)).astype(F32))
            bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
            src = v
            if cfg.get('amsgrad'):
                vmax = np.maximum(vmax, v)
                src = vmax
            denom = ((sqrt(src) / F32(bc2 ** 0.5)).astype(F32) + F32(eps)).astype(F32)
            p = (p + ((F32(-(lr / bc1)) * m).astype(F32) / denom).astype(F32)).astype(F32)
            out.append(p.copy())
    else:
        lr, alpha, eps = cfg['lr'], cfg.get('alpha', 0.99), 1e-8
        wd, mom, centered = cfg.get('weight_decay', 0), cfg.get('momentum', 0), cfg.get('centered', False)
        sa = np.zeros(8, F32); ga = np.zeros(8, F32); buf = np.zeros(8, F32)
        for g in grads:
            g = -g if cfg.get('maximize') else g
            if wd:
                g = fma(np.full(8, F32(wd)), p, g)
            sa = fma((F32(1 - alpha) * g).astype(F32), g, (sa * F32(alpha)).astype(F32))
            if centered:
                ga = lerp(ga, g, F32(1 - alpha))
                avg = sqrt(fma(-ga, ga, sa))
            else:
                avg = sqrt(sa)
            avg = (avg + F32(eps)).astype(F32)
            if mom > 0:
                buf = ((buf * F32(mom)).astype(F32) + (g / avg).astype(F32)).astype(F32)
                p = fma(np.full(8, F32(-lr)), buf, p)
            else:
                p = (p + ((F32(-lr) * g).astype(F32) / avg).astype(F32)).astype(F32)
            out.append(p.copy())
    return out, sqrt.table


EMULATED = {
    'adam': ('adam', dict(lr=0.1)),
    'adam_wd': ('adam', dict(lr=0.01, weight_decay=0.1)),
    'adam_amsgrad': ('adam', dict(lr=0.05, amsgrad=True, betas=(0.8, 0.99))),
    'adam_maximize': ('adam', dict(lr=0.01, maximize=True)),
    'adamw': ('adam', dict(lr=0.05, weight_decay=0.01, decoupled=True)),
    'rmsprop': ('rmsprop', dict(lr=0.01)),
    'rmsprop_momentum_centered_wd': ('rmsprop', dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.01)),
    'rmsprop_alpha_maximize': ('rmsprop', dict(lr=0.005, alpha=0.9, maximize=True)),
}
SQRT_TABLES = {}

TRAJ = []   # (name, [(grads, params, loss)])
for name, make in CONFIGS:
    model = nn.Linear(3, 2)
    with torch.no_grad():
        model.weight.copy_(W0)
        model.bias.copy_(B0)
    opt = make(model.parameters())
    crit = nn.MSELoss()
    steps = []
    for _ in range(15):
        opt.zero_grad()
        loss = crit(model(X), Y)
        loss.backward()
        grads = bits(model.weight.grad) + bits(model.bias.grad)
        opt.step()
        params = bits(model.weight) + bits(model.bias)
        steps.append((grads, params, bits(loss)[0]))
    TRAJ.append((name, steps))
    if name in EMULATED:
        kind, cfg = EMULATED[name]
        grads = [np.array(g, dtype=np.uint32).view(F32) for g, _, _ in steps]
        params, table = emulate(kind, cfg, grads)
        for i, (q, (_, want, _)) in enumerate(zip(params, steps)):
            assert q.view(np.uint32).tolist() == want, f'{name}: emulation differs from torch.optim at step {i + 1}'
        SQRT_TABLES[name] = table

# ---------------------------------------------------------------------------------------------


def emit():
    out = []
    w = out.append
    w('// Generated by scripts/golden/nn_unit_values.py from ' + G.produced_by() + '.')
    w('// Do not edit: regenerate with')
    w('//   ~/torchenv/bin/python scripts/golden/nn_unit_values.py > Tests/NNTests/GoldenValues.swift')
    w('')
    w('/// A float32 tensor from PyTorch: shape and IEEE-754 bit patterns, row-major.')
    w('struct GoldenTensor {')
    w('    let shape: [Int]')
    w('    let bits: [UInt32]')
    w('    var floats: [Float] { bits.map { Float(bitPattern: $0) } }')
    w('}')
    w('')
    w('/// One optimizer step: PyTorch\'s gradients (weight then bias) and the parameters after it.')
    w('struct GoldenStep {')
    w('    let grads: [UInt32]')
    w('    let params: [UInt32]')
    w('    let loss: UInt32')
    w('}')
    w('')
    w('enum Golden {')
    w('    /// Parameters after manual_seed + constructor, and nn.init results (bit-exact).')
    w('    static let initBits: [String: GoldenTensor] = [')
    for name, shape, b in INIT:
        w(f'        "{name}": GoldenTensor(shape: {shape}, bits: {swift_bits(b, "        ")}),')
    w('    ]')
    w('')
    w('    /// nn.init.calculate_gain(nonlinearity, param): param as Python source ("" for None),')
    w('    /// and repr() of the result.')
    w('    static let gains: [(String, String, String)] = [')
    for nl, p, g in GAINS:
        w(f'        ("{nl}", "{"" if p is None else repr(p)}", "{g!r}"),')
    w('    ]')
    w('')
    w('    /// Layer and loss outputs and gradients (compared within a tolerance).')
    w('    static let forwardBits: [String: GoldenTensor] = [')
    for name, shape, b in FORWARD:
        w(f'        "{name}": GoldenTensor(shape: {shape}, bits: {swift_bits(b, "        ")}),')
    w('    ]')
    w('')
    w('    /// The Linear(3, 2) model of every trajectory: weight, bias, inputs and targets.')
    w(f'    static let trajectoryWeight: [UInt32] = {swift_bits(bits(W0), "    ")}')
    w(f'    static let trajectoryBias: [UInt32] = {swift_bits(bits(B0), "    ")}')
    w(f'    static let trajectoryX: [UInt32] = {swift_bits(bits(X), "    ")}')
    w(f'    static let trajectoryY: [UInt32] = {swift_bits(bits(Y), "    ")}')
    w('')
    w('    /// 15 steps per optimizer configuration (names as in nn_unit_values.py CONFIGS).')
    w('    static let trajectories: [String: [GoldenStep]] = [')
    for name, steps in TRAJ:
        w(f'        "{name}": [')
        for g, p, l in steps:
            gs = ', '.join(f'0x{v:08x}' for v in g)
            ps = ', '.join(f'0x{v:08x}' for v in p)
            w(f'            GoldenStep(grads: [{gs}],')
            w(f'                       params: [{ps}], loss: 0x{l:08x}),')
        w('        ],')
    w('    ]')
    w('')
    w('    /// For Adam/RMSprop configs: each float32 sqrt input (bits) met in the trajectory and')
    w("    /// PyTorch's result for it.")
    w('    static let sqrtTables: [String: [UInt32: UInt32]] = [')
    for name, table in SQRT_TABLES.items():
        pairs = [f'0x{k:08x}: 0x{v:08x}' for k, v in sorted(table.items())]
        w(f'        "{name}": [')
        for i in range(0, len(pairs), 6):
            w('            ' + ', '.join(pairs[i:i + 6]) + ',')
        w('        ],')
    w('    ]')
    w('}')
    return '\n'.join(out) + '\n'


if __name__ == '__main__':
    sys.stdout.write(emit())
