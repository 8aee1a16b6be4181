#!/usr/bin/env python3
"""torch.save / torch.load fixtures for nnrepl: Tests/InterpreterTests/Fixtures/torchsave/.

Needs Python 3.11 with PyTorch 2.15:
    ~/torchenv/bin/python scripts/golden/torch_files.py               # write the files
    ~/torchenv/bin/python scripts/golden/torch_files.py --check       # compare only
    ~/torchenv/bin/python scripts/golden/torch_files.py --nnrepl .build/release/nnrepl
                                   # also: nnrepl writes every valid case, real PyTorch loads it

Runnable from any directory. Valid files are written by the real `torch.save` from `write_code`
(PyTorch code that nnrepl runs unchanged); malformed ones are made from valid ones or by hand.
`manifest.json` lists, for every valid file, what `torch.load` returns (`loaded`, a JSON
description, see describe()), the bytes of its data.pkl and its record names; for every
malformed one the error category nnrepl must report and the reference's own error.

The Swift test (TorchSaveFixtureTests) loads every file through nnrepl's `torch.load`, compares
the description, runs `write_code` and checks that nnrepl's data.pkl is byte-identical to
PyTorch's (unless `pickle_identical` is false, with the reason) and that the archive has the
same records, each 64-byte aligned.

With --nnrepl, the script runs each valid case's `write_code` through nnrepl, loads the file
with real PyTorch (torch.load, weights_only=True by default, and mmap=True) and checks it
describes the same object: nnrepl's files are PyTorch's files. Format: README.md beside this (§7).
"""

import argparse
import collections
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402
from golden_common import torch, nn                                # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'torchsave')
PRELUDE = ('import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n'
           'import torch.optim as optim\nfrom collections import OrderedDict\n')

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
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

'''

# name -> (write_code, what, pickle_identical). FILE is the file name; the code runs after PRELUDE.
VALID = {
    'linear_state.pt': ('torch.manual_seed(0)\nm = nn.Linear(2, 3)\ntorch.save(m.state_dict(), FILE)',
                        "a Linear's state_dict: OrderedDict with _metadata", True),
    'lenet_state.pt': ('torch.manual_seed(0)\n' + LENET + 'net = Net()\ntorch.save(net.state_dict(), FILE)',
                       'the tutorial LeNet after manual_seed(0)', True),
    'sequential_bn.pt': ('torch.manual_seed(0)\n'
                         'm = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))\n'
                         'm[1].running_mean.copy_(torch.tensor([0.5, -1.0, 2.0]))\n'
                         'm[1].running_var.fill_(0.25)\n'
                         'm[1].num_batches_tracked.fill_(3)\n'
                         'torch.save(m.state_dict(), FILE)',
                         'buffers (running stats, 0-d int64 num_batches_tracked), BatchNorm _version 2, nested prefixes',
                         True),
    'views.pt': ('x = torch.arange(12.).reshape(3, 4)\n'
                 'torch.save([x, x.t(), x[1], x[:, 1:3], x.narrow(0, 1, 2), x.view(-1)[5], x.T[::2]], FILE)',
                 'views of one storage: offsets, non-contiguous strides, 0-d view; one data record', True),
    'shared_twice.pt': ('a = torch.tensor([1., 2., 3.])\nb = torch.tensor([[1, 2], [3, 4]])\n'
                        'torch.save({"a": a, "again": a, "b": b, "pair": (a, b), "list": [a]}, FILE)',
                        'the same tensor three times (memo BINGET); int64', True),
    'dtypes_and_shapes.pt': ('torch.save({"f": torch.tensor([1.5, -0.0, float("inf"), float("nan"), 1e-45]),\n'
                             '            "i": torch.tensor([[-1, 2 ** 40], [3, -2 ** 62]]),\n'
                             '            "b": torch.tensor([True, False, True]),\n'
                             '            "scalar": torch.tensor(2.5), "long_scalar": torch.tensor(7),\n'
                             '            "empty": torch.zeros(0, 3), "empty_long": torch.zeros(2, 0, dtype=torch.long)}, FILE)',
                             'float32 specials, int64, bool, 0-d, empty tensors', True),
    'grad_and_params.pt': ('torch.manual_seed(0)\n'
                           'w = torch.randn(2, 2, requires_grad=True)\n'
                           'p = nn.Parameter(torch.ones(3))\n'
                           'q = nn.Parameter(torch.zeros(2), requires_grad=False)\n'
                           'y = (w * 2).sum()\n'
                           'torch.save({"w": w, "p": p, "q": q, "y": y}, FILE)',
                           'requires_grad leaf, Parameters (requires_grad True/False), a non-leaf result', True),
    'parameter_alone.pt': ('torch.save(nn.Parameter(torch.tensor([[1., 2.], [3., 4.]])), FILE)',
                           'a bare Parameter as the whole object', True),
    'python_values.pt': ('torch.save({"epoch": 5, "lr": 0.01, "name": "lenet-é", "best": None, "done": True,\n'
                         '            "ints": (0, 255, 256, 65535, 65536, -1, -2 ** 31, 2 ** 31, -2 ** 62 * 2, 2 ** 62 + (2 ** 62 - 1)),\n'
                         '            "floats": [0.1, -2.5e-300, 1e300],\n'
                         '            "nested": {"a": [1, [2, [3]]], "t": ((), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4))},\n'
                         '            "size": torch.Size([2, 3]), "dtype": torch.float32, "dtypes": [torch.int64, torch.bool],\n'
                         '            "device": torch.device("cpu"), "od": OrderedDict([("x", 1), ("y", 2)])}, FILE)',
                         'ints of every pickle width, floats, strings, None, bools, nested containers, Size, dtypes, device, OrderedDict',
                         True),
    'checkpoint.pt': ('torch.manual_seed(0)\nmodel = nn.Linear(3, 2)\n'
                      'opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.5)\n'
                      'for _ in range(2):\n'
                      '    for p in model.parameters():\n'
                      '        p.grad = torch.full_like(p, 0.5)\n'
                      '    opt.step()\n'
                      'torch.save({"epoch": 2, "model": model.state_dict(), "optimizer": opt.state_dict(),\n'
                      '            "losses": [0.5, 0.25]}, FILE)',
                      'a training checkpoint: model and SGD (momentum buffers) state dicts (gradients and rates powers of 2: exact in any order)', True),
    'adam_state.pt': ('torch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))\n'
                      'opt = optim.Adam([{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 0.01}], lr=0.001)\n'
                      'for _ in range(3):\n'
                      '    for p in model.parameters():\n'
                      '        p.grad = torch.zeros_like(p)\n'
                      '    opt.step()\n'
                      'torch.save(opt.state_dict(), FILE)',
                      "Adam's state dict: step tensors, exp_avg/exp_avg_sq, two param groups (zero gradients: exact)", False),
    'long_containers.pt': ('torch.save({"list": list(range(1001)), "floats": [i / 8 for i in range(300)],\n'
                           '            "dict": {i: i * i for i in range(1000)},\n'
                           '            "od": OrderedDict((str(i), i) for i in range(1001)),\n'
                           '            "one": {"k": [7]}, "tensors": [torch.tensor([float(i)]) for i in range(300)]}, FILE)',
                           'batches of 1000 (APPENDS, SETITEMS, the empty batch after 1000 dict items), >256 memo slots (LONG_BINPUT/LONG_BINGET)',
                           True),
    'all_dtypes.pt': ('torch.save({"f64": torch.tensor([1.5, -2.25, 1e-300], dtype=torch.float64),\n'
                      '            "f16": torch.tensor([0.5, -1.0, 65504.0], dtype=torch.float16),\n'
                      '            "bf16": torch.tensor([1.0, -3.5, 1e30], dtype=torch.bfloat16),\n'
                      '            "i32": torch.tensor([-7, 2 ** 31 - 1], dtype=torch.int32),\n'
                      '            "i16": torch.tensor([[-300, 300]], dtype=torch.int16),\n'
                      '            "i8": torch.tensor([-128, 127], dtype=torch.int8),\n'
                      '            "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),\n'
                      '            "dtypes": [torch.float64, torch.float16, torch.bfloat16, torch.int32, torch.int16, torch.int8, torch.uint8]}, FILE)',
                      'every dtype beside float32/int64/bool: Double, Half, BFloat16, Int, Short, Char and Byte storages', True),
    'set_value.pt': ('torch.save({"s": {3, 1, 2}, "empty": set()}, FILE)',
                     'sets (builtins.set through REDUCE)', False),
}
# Why a file's data.pkl cannot be byte-identical when nnrepl writes it.
NOT_IDENTICAL = {
    'adam_state.pt': "Adam's two param groups share the betas tuple of the defaults (one object in "
                     "Python, pickled once then BINGET); nnrepl's group options are values",
    'set_value.pt': 'Python iterates a set of small ints in hash order; nnrepl in insertion order',
}
# Valid files nnrepl loads but does not write (made here, not by write_code).
LOAD_ONLY = {}


def element_bytes(flat):
    """The elements' bytes, little-endian, row-major (numpy has no bfloat16: view it as int16)."""
    if flat.dtype == torch.bfloat16:
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes()


def describe(o, storages):
    """A JSON description of a loaded object that nnrepl's test reproduces exactly."""
    if isinstance(o, torch.Tensor):
        key = o.untyped_storage().data_ptr() or id(o.untyped_storage())
        if key not in storages:
            storages[key] = len(storages)
        flat = o.detach().contiguous().reshape(-1)
        rec = {'dtype': str(o.dtype).replace('torch.', ''), 'shape': list(o.shape), 'stride': list(o.stride()),
               'offset': o.storage_offset(), 'requires_grad': str(o.requires_grad), 'storage': storages[key],
               'storage_bytes': o.untyped_storage().nbytes(), 'fnv1a64': G.fnv1a64(element_bytes(flat)),
               'parameter': str(isinstance(o, nn.Parameter))}
        return {'tensor': rec}
    if isinstance(o, bool):
        return {'bool': str(o)}
    if isinstance(o, int):
        return {'int': o}
    if isinstance(o, float):
        return {'float': format(struct.unpack('<Q', struct.pack('<d', o))[0], '016x')}
    if isinstance(o, str):
        return {'str': o}
    if o is None:
        return {'none': 'None'}
    if isinstance(o, torch.Size):
        return {'size': list(o)}
    if isinstance(o, torch.dtype):
        return {'dtype': str(o)}
    if isinstance(o, torch.device):
        return {'device': str(o)}
    if isinstance(o, tuple):
        return {'tuple': [describe(x, storages) for x in o]}
    if isinstance(o, list):
        return {'list': [describe(x, storages) for x in o]}
    if isinstance(o, (set, frozenset)):
        items = [describe(x, storages) for x in o]
        return {'set': sorted(items, key=lambda d: json.dumps(d, sort_keys=True))}
    if isinstance(o, collections.OrderedDict):
        out = {'ordered_dict': [[describe(k, storages), describe(v, storages)] for k, v in o.items()]}
        if getattr(o, '_metadata', None) is not None:
            out['_metadata'] = describe(o._metadata, storages)
        return out
    if isinstance(o, dict):
        return {'dict': [[describe(k, storages), describe(v, storages)] for k, v in o.items()]}
    raise TypeError(f'cannot describe {type(o)}')


def load_description(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return describe(torch.load(path, **kw), {})


def records(path):
    with zipfile.ZipFile(path) as z:
        return [i.filename for i in z.infolist()]


def pickle_bytes(path):
    with zipfile.ZipFile(path) as z:
        name = z.infolist()[0].filename.split('/')[0] + '/data.pkl'
        return z.read(name)


def aligned(path):
    """True when every record's data starts at a multiple of 64 (PyTorch's layout)."""
    raw = open(path, 'rb').read()
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            n, e = struct.unpack('<HH', raw[i.header_offset + 26:i.header_offset + 30])
            if (i.header_offset + 30 + n + e) % 64:
                return False
    return True


def run_write_code(code, path):
    ns = {'__name__': 'fixture'}
    exec(PRELUDE, ns)
    ns['FILE'] = path
    cwd = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        exec(code.replace('FILE', repr(os.path.basename(path))), ns)
    finally:
        os.chdir(cwd)


# ---- malformed files ----------------------------------------------------------------------

class Net(nn.Module):
    """Pickled by reference as __main__.Net (torch.save(model) of a user's class)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)


def rezip(src, dst, edit=None, drop=(), compress=zipfile.ZIP_STORED, rename=None):
    """Copies a torch.save archive record by record, changing what `edit(name, bytes)` returns."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', compression=compress) as zout:
        for info in zin.infolist():
            short = info.filename.split('/', 1)[1]
            if short in drop:
                continue
            data = zin.read(info.filename)
            if edit:
                data = edit(short, data)
            name = info.filename if rename is None else rename(info.filename)
            zout.writestr(name, data)


def malformed(tmp):
    """name -> (bytes, category, what). Made from valid files saved in `tmp`."""
    base = os.path.join(tmp, 'base.pt')
    torch.manual_seed(0)
    torch.save(nn.Linear(2, 3).state_dict(), base)
    raw = open(base, 'rb').read()
    out = {}

    def from_zip(name, **kw):
        p = os.path.join(tmp, name)
        rezip(base, p, **kw)
        return open(p, 'rb').read()

    def saved(name, obj, **kw):
        p = os.path.join(tmp, name)
        torch.save(obj, p, **kw)
        return open(p, 'rb').read()

    out['empty.pt'] = (b'', 'eof', 'an empty file')
    out['text.pt'] = (b'hello, this is not a checkpoint\n', 'not_torch_file', 'a text file')
    out['truncated_half.pt'] = (raw[:len(raw) // 2], 'zip_corrupt', 'the first half of a valid file')
    out['truncated_tail.pt'] = (raw[:-10], 'zip_corrupt', 'a valid file without its last 10 bytes')
    flipped = bytearray(raw)
    # Flip one bit in the first weight (data/0 starts at a multiple of 64 after its header).
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        info = z.getinfo('base/data/0')
        n, e = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
        start = info.header_offset + 30 + n + e
    flipped[start] ^= 0x01
    out['crc_mismatch.pt'] = (bytes(flipped), 'crc_mismatch',
                              'one bit of data/0 flipped: the CRC-32 no longer matches (PyTorch does not check and loads it)')
    out['whole_module.pt'] = (saved('whole_module.pt', Net()), 'unsupported_global',
                              'torch.save(model) of a user class: GLOBAL __main__.Net')
    out['whole_linear.pt'] = (saved('whole_linear.pt', nn.Linear(2, 1)), 'unsupported_global',
                              'torch.save(nn.Linear(2, 1)): GLOBAL torch.nn.modules.linear.Linear')
    out['blocked_module.pt'] = (from_zip('blocked_module.pt', edit=lambda n, d: b'\x80\x02cos\nsystem\nq\x00.' if n == 'data.pkl' else d),
                                'blocked_global', 'data.pkl names os.system')
    out['protocol4.pt'] = (saved('protocol4.pt', {'a': 1}, pickle_protocol=4), 'unsupported_opcode',
                           'pickle protocol 4 (FRAME opcode), which the weights-only unpickler does not read')
    out['missing_storage.pt'] = (from_zip('missing_storage.pt', drop=('data/0',)), 'missing_record',
                                 'data/0 removed from the archive')
    out['no_folder.pt'] = (from_zip('no_folder.pt', rename=lambda n: n.split('/', 1)[1]), 'no_folder',
                           'records at the top of the archive, not in a folder')
    out['out_of_bounds.pt'] = (from_zip('out_of_bounds.pt',
                                        edit=lambda n, d: d.replace(b'K\x03K\x02\x86', b'K\x03K\x03\x86', 1) if n == 'data.pkl' else d),
                               'out_of_bounds', 'size (3, 3) with stride (2, 1) needs 7 floats of a 6-float storage')
    out['truncated_pickle.pt'] = (from_zip('truncated_pickle.pt', edit=lambda n, d: d[:len(d) // 2] if n == 'data.pkl' else d),
                                  'corrupt_pickle', 'data.pkl cut in half')
    out['cuda_location.pt'] = (from_zip('cuda_location.pt',
                                        edit=lambda n, d: d.replace(b'X\x03\x00\x00\x00cpu', b'X\x06\x00\x00\x00cuda:0') if n == 'data.pkl' else d),
                               'cuda_location', "storages tagged 'cuda:0' (a GPU checkpoint); map_location='cpu' loads it")
    out['legacy_format.pt'] = (saved('legacy_format.pt', {'w': torch.ones(2)}, _use_new_zipfile_serialization=False),
                               'legacy_format', 'the pre-1.6 format (_use_new_zipfile_serialization=False)')
    out['float64.pt'] = (saved('float64.pt', {'d': torch.tensor([1.5, 2.5], dtype=torch.float64)}), 'dtype',
                         'a valid float64 tensor: loads once the Engine has float64, fails naming the dtype before')
    return out


CATEGORIES = {
    'eof': 'an empty file (EOFError)',
    'not_torch_file': 'not a zip archive and not a legacy file (UnpicklingError: invalid load key)',
    'zip_corrupt': "the zip structure cannot be read (PyTorch's 'failed finding central directory' RuntimeError)",
    'crc_mismatch': 'a record whose CRC-32 does not match its bytes: nnrepl refuses it (RuntimeError naming the record)',
    'unsupported_global': "a global the weights-only unpickler does not allow (PyTorch's UnpicklingError text, exactly)",
    'blocked_global': 'a global from a blocked module (os, sys, …), exactly as PyTorch words it',
    'unsupported_opcode': "an opcode outside the weights-only set (PyTorch's UnpicklingError text, exactly)",
    'missing_record': 'a storage record the pickle refers to is missing (PyTorch\'s RuntimeError, exactly)',
    'no_folder': 'records not inside a folder (PyTorch\'s RuntimeError, exactly)',
    'out_of_bounds': "a tensor reaching past its storage (PyTorch's setStorage RuntimeError, exactly)",
    'corrupt_pickle': 'data.pkl is not a complete pickle (UnpicklingError saying it is corrupt)',
    'cuda_location': "storages saved from a GPU: PyTorch's CUDA RuntimeError without map_location, loads with map_location='cpu'",
    'legacy_format': 'the legacy format of PyTorch < 1.6, which nnrepl does not read (RuntimeError saying so)',
    'dtype': 'a dtype the Engine may not have yet: loads when it has it, else an error naming it',
}


def reference_error(path, **kw):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            torch.load(path, **kw)
    except Exception as e:                                      # noqa: BLE001
        return {'type': type(e).__name__, 'message': str(e)}
    return None


def build(out_dir):
    files = {}
    manifest = {'format': 'nnrepl-torchsave-golden/1',
                'produced_by': f'{G.produced_by()}, scripts/golden/torch_files.py',
                'prelude': PRELUDE, 'categories': CATEGORIES, 'files': []}
    for name, (code, what, identical) in VALID.items():
        path = os.path.join(out_dir, name)
        run_write_code(code, path)
        data = open(path, 'rb').read()
        files[name] = data
        entry = {'file': name, 'valid': True, 'what': what, 'write_code': code.replace('FILE', repr(name)),
                 'records': records(path), 'data_pkl': pickle_bytes(path).hex(),
                 'sha256': hashlib.sha256(data).hexdigest(), 'loaded': load_description(path)}
        if not identical:
            entry['pickle_identical'] = False
            entry['why_not_identical'] = NOT_IDENTICAL[name]
        manifest['files'].append(entry)
    tmp = os.path.join(out_dir, 'tmp-malformed')
    os.makedirs(tmp, exist_ok=True)
    for name, (data, category, what) in malformed(tmp).items():
        path = os.path.join(out_dir, name)
        with open(path, 'wb') as f:
            f.write(data)
        files[name] = data
        entry = {'file': name, 'valid': False, 'category': category, 'what': what}
        ref = reference_error(path)
        if ref is None:
            entry['reference_loads'] = True
            entry['loaded'] = load_description(path)
        else:
            entry['reference_error'] = ref
        if category == 'cuda_location':
            entry['loaded_with_map_location_cpu'] = load_description(path, map_location='cpu')
        manifest['files'].append(entry)
    shutil.rmtree(tmp)
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + '\n'
    files['manifest.json'] = text.encode('utf-8')
    return files, manifest


def check_nnrepl(binary, manifest):
    """Every valid case written by nnrepl loads in PyTorch as the same object."""
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for entry in manifest['files']:
            if not entry['valid']:
                continue
            name = entry['file']
            r = subprocess.run([binary, '-c', PRELUDE + entry['write_code']], cwd=tmp, capture_output=True, text=True)
            path = os.path.join(tmp, name)
            if r.returncode != 0 or not os.path.exists(path):
                print(f'nnrepl FAILED to write {name}:\n{r.stderr}')
                failures += 1
                continue
            problems = []
            for kw in ({}, {'mmap': True}):
                try:
                    got = load_description(path, **kw)
                except Exception as e:                          # noqa: BLE001
                    problems.append(f'torch.load{kw} raised {type(e).__name__}: {e}')
                    continue
                if got != entry['loaded']:
                    problems.append(f'torch.load{kw} gives a different object')
            if records(path) != entry['records']:
                problems.append(f'records {records(path)} != {entry["records"]}')
            if not aligned(path):
                problems.append('records are not 64-byte aligned')
            if entry.get('pickle_identical', True) and pickle_bytes(path).hex() != entry['data_pkl']:
                problems.append('data.pkl differs from PyTorch\'s')
            print(f'{"ok" if not problems else "FAIL"}: nnrepl wrote {name}' + ''.join(f'\n    {p}' for p in problems))
            failures += bool(problems)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed files, write nothing')
    ap.add_argument('--nnrepl', help='path of a built nnrepl: check that PyTorch loads what it writes')
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, manifest = build(tmp)
    differ = 0
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, data in files.items():
        path = os.path.join(OUT_DIR, name)
        old = open(path, 'rb').read() if os.path.exists(path) else None
        if a.check:
            if old != data:
                differ += 1
                print(f'DIFFERS: {os.path.relpath(path, ROOT)}')
        elif old != data:
            with open(path, 'wb') as f:
                f.write(data)
    n_valid = sum(f['valid'] for f in manifest['files'])
    print(f'torchsave: {n_valid} valid + {len(manifest["files"]) - n_valid} malformed files'
          + (f', {differ} differ' if a.check else ''))
    failures = check_nnrepl(os.path.abspath(a.nnrepl), manifest) if a.nnrepl else 0
    return 1 if differ or failures else 0


if __name__ == '__main__':
    sys.exit(main())
