#!/usr/bin/env python3
"""Safetensors fixtures for the NN target's unit tests: Tests/NNTests/Fixtures/*.safetensors.

Needs Python 3.11 with PyTorch 2.15 and safetensors 0.8:
    ~/torchenv/bin/python scripts/golden/nn_unit_safetensors.py

Each file is written by the real `safetensors.torch.save_file`; nnrepl's writer must produce the
same bytes from the same tensors (Tests/NNTests/SafetensorsTests.swift builds them in Swift).
Malformed files are built in the Swift tests themselves, one per reader rule.
"""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_common as G                                           # noqa: E402,F401
from golden_common import torch                                    # noqa: E402
from safetensors.torch import save_file                            # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'Tests', 'NNTests', 'Fixtures')
os.makedirs(OUT, exist_ok=True)

FILES = {
    # docs/safetensors.md §6, the worked example (192 bytes, sha256 f2cbe295...).
    'tiny.safetensors': ({'fc.weight': torch.tensor([[1.0, -2.0], [0.5, 0.25]]),
                          'fc.bias': torch.tensor([3.0, -0.5])}, {'format': 'pt'}),
    # §6 "Mixed dtypes and a scalar" (168 bytes).
    'mixed_scalar.safetensors': ({'bn.running_mean': torch.tensor([0.0, 1.0]),
                                  'bn.num_batches_tracked': torch.tensor(7)}, None),
    # BOOL, an empty tensor, special float bits, byte-order name sorting and JSON escapes.
    'special.safetensors': ({'b': torch.tensor([True, False, True]), 'a': torch.zeros(0, 4),
                             'n': torch.tensor([float('nan'), -0.0, float('inf'), -float('inf'), 1e-45]),
                             '10.weight': torch.tensor([1.0]), '2.weight': torch.tensor([2.0]),
                             'é/x\n"\\\u0001': torch.tensor([[5, -6]])}, {'format': 'pt'}),
    # An empty metadata dict is written as "__metadata__":{}.
    'empty_metadata.safetensors': ({'x': torch.tensor([1.5])}, {}),
}

for name, (tensors, metadata) in FILES.items():
    path = os.path.join(OUT, name)
    save_file(tensors, path, metadata=metadata)
    data = open(path, 'rb').read()
    print(f'{name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}')
