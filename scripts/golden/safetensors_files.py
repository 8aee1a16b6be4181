#!/usr/bin/env python3
"""Small .safetensors fixtures for nnrepl: Tests/InterpreterTests/Fixtures/safetensors/.

Needs Python 3.11 with PyTorch 2.15 and safetensors:
    python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch safetensors
    ~/torchenv/bin/python scripts/golden/safetensors_files.py            # write the files
    ~/torchenv/bin/python scripts/golden/safetensors_files.py --check    # compare only

Runnable from any directory. Writes valid files with the real `safetensors.torch.save_file`
(docs/safetensors.md §5-7), deliberately malformed ones by hand, and `manifest.json`, which
lists for every file whether it is valid, what it holds, the nnrepl code that writes the same
bytes (valid files), and the expected error category plus the reference reader's message
(malformed files). Format: README.md next to this script.
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402
from golden_common import torch                                    # noqa: E402

import safetensors                                                  # noqa: E402
from safetensors.torch import load_file, save_file                  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'safetensors')

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

# name -> nnrepl/PyTorch code that writes it with save_file (FILE = the path). The code runs
# with torch, nn, F bound and `from safetensors.torch import save_file` done.
VALID = {
    'tiny.safetensors': (
        'save_file({"fc.weight": torch.tensor([[1.0, -2.0], [0.5, 0.25]]),\n'
        '           "fc.bias": torch.tensor([3.0, -0.5])}, FILE, metadata={"format": "pt"})',
        'docs/safetensors.md §6 worked example'),
    'mixed_scalar.safetensors': (
        'save_file({"bn.running_mean": torch.tensor([0.0, 1.0]), '
        '"bn.num_batches_tracked": torch.tensor(7)}, FILE)',
        'docs/safetensors.md §6: I64 scalar before F32, no metadata'),
    'dtypes_special.safetensors': (
        'save_file({"mask": torch.tensor([True, False, True]),\n'
        '           "empty": torch.zeros(0, 4),\n'
        '           "special": torch.tensor([float("nan"), -0.0, float("inf"), -float("inf"), 1e-45]),\n'
        '           "steps": torch.tensor([[1, -2], [3, 2 ** 40]]),\n'
        '           "scalar": torch.tensor(2.5)}, FILE, metadata={"format": "pt"})',
        'BOOL, empty F32, nan/-0/inf/subnormal bits, I64 matrix, F32 scalar; order I64, F32, BOOL'),
    'names.safetensors': (
        'save_file({"2.weight": torch.ones(1), "10.weight": torch.zeros(1),\n'
        '           "layer/ü": torch.tensor([1.5]), "q\\"uote\\\\back": torch.tensor([2.5]),\n'
        '           "ctl\\u0001\\n": torch.tensor([3.5])}, FILE)',
        'names sort as UTF-8 bytes; JSON escaping of quote, backslash and control characters'),
    'sequential_bn.safetensors': (
        'torch.manual_seed(0)\n'
        'm = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Sequential(nn.Linear(3, 1)))\n'
        'save_file(m.state_dict(), FILE, metadata={"format": "pt"})',
        'docs/safetensors.md §8 state_dict with buffers and a nested Sequential'),
    'lenet.safetensors': (
        'torch.manual_seed(0)\n' + LENET + 'net = Net()\nsave_file(net.state_dict(), FILE)',
        'docs/safetensors.md §7: the tutorial LeNet (Conv2d(1, 6, 3) ...) after manual_seed(0)'),
    'all_dtypes.safetensors': (
        'save_file({"f64": torch.tensor([0.1, -2.5e-300], dtype=torch.float64), "f32": torch.tensor([0.1, -0.0]),\n'
        '           "f16": torch.tensor([0.1, 65504.0, float("inf")]).half(), "bf16": torch.tensor([0.1, -3.0]).bfloat16(),\n'
        '           "i64": torch.tensor([-2**62, 7]), "i32": torch.tensor([-2**31, 5], dtype=torch.int32),\n'
        '           "i16": torch.tensor([-32768, 3], dtype=torch.int16), "i8": torch.tensor([-128, 127], dtype=torch.int8),\n'
        '           "u8": torch.tensor([0, 255], dtype=torch.uint8), "b": torch.tensor([True, False])}, FILE)',
        'every dtype nnrepl has: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL (sorted by the writer)'),
    'uint16.safetensors': (
        'save_file({"u16": torch.tensor([1, 2], dtype=torch.uint16), "ok": torch.tensor([1.0])}, FILE)',
        'a valid file with a dtype nnrepl does not support (U16): loading must fail clearly'),
}


def header_file(header, data=b'', pad=True, n_override=None, raw_header=None):
    """Bytes of a safetensors file built by hand."""
    h = raw_header if raw_header is not None else json.dumps(header, separators=(',', ':')).encode()
    if pad:
        h += b' ' * (-len(h) % 8)
    n = len(h) if n_override is None else n_override
    return struct.pack('<Q', n) + h + data


F32x2 = struct.pack('<2f', 1.0, 2.0)
MALFORMED = {
    # name: (bytes, category, what)
    'too_small.safetensors': (b'\x08\x00\x00\x00', 'header_too_small', 'file shorter than 8 bytes'),
    'header_too_large.safetensors': (struct.pack('<Q', 200_000_000) + b'{}      ', 'header_too_large',
                                     'N = 200,000,000 > 100,000,000'),
    'bad_header_length.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}},
                                                  F32x2, n_override=4096), 'invalid_header_length',
                                      '8 + N is beyond the end of the file'),
    'bad_json.safetensors': (header_file(None, F32x2, raw_header=b'{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}'),
                             'invalid_header', 'the JSON object is not closed'),
    'bad_utf8.safetensors': (header_file(None, F32x2, raw_header=b'{"\xff":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'),
                             'invalid_header', 'the header is not valid UTF-8'),
    'missing_field.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [2]}}, F32x2),
                                  'invalid_header', 'data_offsets missing'),
    'negative_shape.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [-2], 'data_offsets': [0, 8]}}, F32x2),
                                   'invalid_header', 'a negative dimension'),
    'metadata_not_string.safetensors': (header_file({'__metadata__': {'epoch': 3},
                                                     'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}}, F32x2),
                                        'invalid_header', '__metadata__ value is a number'),
    'unknown_dtype.safetensors': (header_file({'a': {'dtype': 'F17', 'shape': [2], 'data_offsets': [0, 8]}}, F32x2),
                                  'invalid_header', 'dtype name F17 does not exist (serde rejects it)'),
    'overlapping_offsets.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]},
                                                     'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}},
                                                    struct.pack('<3f', 1.0, 2.0, 3.0)),
                                        'invalid_offset', 'b begins inside a'),
    'gap_offsets.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [1], 'data_offsets': [0, 4]},
                                             'b': {'dtype': 'F32', 'shape': [1], 'data_offsets': [8, 12]}},
                                            struct.pack('<3f', 1.0, 2.0, 3.0)),
                                'invalid_offset', 'a hole between a and b'),
    'shape_mismatch.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [3], 'data_offsets': [0, 8]}}, F32x2),
                                   'invalid_shape', '3 float32 values need 12 bytes, the offsets give 8'),
    'truncated.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [4], 'data_offsets': [0, 16]}}, F32x2),
                              'incomplete', 'the data buffer is 8 bytes short'),
    'trailing_bytes.safetensors': (header_file({'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}},
                                               F32x2 + b'\x00\x00\x00\x00'),
                                   'incomplete', '4 bytes after the last tensor'),
}

CATEGORIES = {
    'header_too_small': 'file shorter than 8 bytes (reference: "header too small")',
    'header_too_large': 'N > 100,000,000 (reference: "header too large")',
    'invalid_header_length': '8 + N beyond the file (reference: "invalid header length")',
    'invalid_header': 'header not UTF-8 / not JSON of the required shape, unknown dtype name, '
                      'non-string metadata, missing field, negative or fractional number',
    'invalid_offset': 'a tensor does not begin where the previous one (by offset) ended '
                      '(reference: "invalid offset for tensor `NAME`")',
    'invalid_shape': 'byte length does not match shape x dtype size '
                     '(reference: "invalid shape, data type, or offset for tensor")',
    'incomplete': 'last end + 8 + N != file length '
                  '(reference: "incomplete metadata, file not fully covered")',
    'unsupported_dtype': 'a valid file whose dtype nnrepl does not support (U16, U32, U64, C64 and the '
                         'float8/6/4 types): the message must name the tensor and the dtype',
}


def reference_error(path):
    try:
        load_file(path)
    except Exception as e:                                     # noqa: BLE001
        return f'{type(e).__name__}: {e}'
    return None


ST_NAMES = {torch.float64: 'F64', torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16',
            torch.int64: 'I64', torch.int32: 'I32', torch.int16: 'I16', torch.int8: 'I8', torch.uint8: 'U8',
            torch.bool: 'BOOL'}


def tensor_entry(t):
    rec = G.record(t)
    rec['dtype'] = ST_NAMES[t.dtype]
    return rec


def build(out_dir):
    files = {}
    manifest = {'format': 'nnrepl-safetensors-golden/1',
                'produced_by': f'{G.produced_by()}, safetensors {safetensors.__version__}, '
                               'scripts/golden/safetensors_files.py',
                'categories': CATEGORIES, 'files': []}
    for name, (code, what) in VALID.items():
        path = os.path.join(out_dir, name)
        ns = G.new_namespace()
        ns['save_file'] = save_file
        ns['FILE'] = path
        exec(code, ns)
        with open(path, 'rb') as f:
            data = f.read()
        files[name] = data
        n = struct.unpack('<Q', data[:8])[0]
        entry = {'file': name, 'valid': True, 'what': what, 'size': len(data),
                 'sha256': hashlib.sha256(data).hexdigest(), 'header_length': n,
                 'header': data[8:8 + n].decode('utf-8').rstrip(' '),
                 'write_code': code.replace('FILE', repr(name))}
        if name == 'uint16.safetensors':
            entry['category'] = 'unsupported_dtype'
            entry['unsupported'] = {'tensor': 'u16', 'dtype': 'U16'}
        else:
            loaded = load_file(path)
            entry['tensors'] = {k: tensor_entry(v) for k, v in loaded.items()}
            entry['load_order'] = list(loaded.keys())
        manifest['files'].append(entry)
    for name, (data, category, what) in MALFORMED.items():
        path = os.path.join(out_dir, name)
        with open(path, 'wb') as f:
            f.write(data)
        files[name] = data
        ref = reference_error(path)
        if ref is None:
            raise SystemExit(f'{name}: the reference reader accepted it')
        manifest['files'].append({'file': name, 'valid': False, 'category': category,
                                  'what': what, 'size': len(data), 'reference_error': ref})
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + '\n'
    files['manifest.json'] = text.encode('utf-8')
    return files, manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed files, write nothing')
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, manifest = build(tmp)
    tiny = next(f for f in manifest['files'] if f['file'] == 'tiny.safetensors')
    if tiny['sha256'] != 'f2cbe2957c32c1dba3ef0bac9a9e91b5a49414d761eb9decd509f192fb73d22d':
        print('note: tiny.safetensors differs from docs/safetensors.md §6', file=sys.stderr)
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
    print(f'safetensors: {n_valid} valid + {len(manifest["files"]) - n_valid} malformed files'
          + (f', {differ} differ' if a.check else ''))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
