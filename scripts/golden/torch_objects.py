#!/usr/bin/env python3
"""Whole objects in torch.save files (a module, a checkpoint dict holding one, plain Python
objects) and torch.load(weights_only=False): Tests/InterpreterTests/Fixtures/torchsave_objects/.

    ~/torchenv/bin/python scripts/golden/torch_objects.py            # write the files
    ~/torchenv/bin/python scripts/golden/torch_objects.py --check    # compare only
    ~/torchenv/bin/python scripts/golden/torch_objects.py --nnrepl .build/release/nnrepl
                                  # also: nnrepl writes every case, real PyTorch loads it

Each case has `setup` (imports, the user's classes), `write_code` (builds the objects after
manual_seed and saves them to FILE), `check_code` (loads FILE with weights_only=False and prints
what a learner would look at: the module, its outputs, state_dict keys, training flags) and
`stdout`, what PyTorch prints for `setup` + `check_code` on the file it wrote. The file itself is
`<name>.pt`, and `data_pkl` its pickle in hex. The Swift test (TorchSaveObjectTests) runs
`check_code` on PyTorch's file (nnrepl loads PyTorch's whole modules), runs `write_code` and
requires PyTorch's data.pkl byte for byte, then runs `check_code` on its own file. With
--nnrepl, PyTorch runs `check_code` on the file nnrepl wrote (PyTorch loads nnrepl's).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, 'Tests', 'InterpreterTests', 'Fixtures', 'torchsave_objects')
PRELUDE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n'

NET = PRELUDE + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(4 * 2 * 2, 3)
        self.scale = 0.5
        self.tag = 'v1'

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = F.max_pool2d(x, 2)
        return self.fc(self.drop(torch.flatten(x, 1))) * self.scale
'''

CASES = {
    'net': (NET,
            'torch.manual_seed(0)\nnet = Net()\nnet(torch.randn(8, 1, 4, 4))\nnet.eval()\ntorch.save(net, FILE)',
            'model = torch.load(FILE, weights_only=False)\nprint(model)\nprint(type(model).__name__, model.training, model.bn.training, model.scale, model.tag)\n'
            'print(list(model.state_dict().keys()))\nprint(model.bn.running_mean)\nprint(model.bn.num_batches_tracked)\n'
            'torch.manual_seed(1)\nx = torch.randn(2, 1, 4, 4)\nprint(model(x))\nmodel.train()\nprint(model.training, model.drop.training)\n'
            'print(sum(p.numel() for p in model.parameters()), all(p.requires_grad for p in model.parameters()))'),
    'sequential': (PRELUDE,
                   'torch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2, bias=False), nn.Softmax(dim=1))\n'
                   'torch.save(model, FILE)',
                   'model = torch.load(FILE, weights_only=False)\nprint(model)\nprint(model[0].weight)\nprint(model[2].bias)\n'
                   'torch.manual_seed(1)\nprint(model(torch.randn(4, 3)))\nprint(isinstance(model, nn.Sequential), len(model))'),
    'linear': (PRELUDE,
               'torch.manual_seed(0)\nlayer = nn.Linear(4, 2)\nlayer.weight.requires_grad_(False)\ntorch.save(layer, FILE)',
               'layer = torch.load(FILE, weights_only=False)\nprint(layer)\nprint(layer.weight, layer.bias)\nprint(layer.in_features, layer.out_features)'),
    'checkpoint': (NET,
                   'torch.manual_seed(0)\nnet = Net()\nopt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)\n'
                   'loss = net(torch.randn(4, 1, 4, 4)).sum()\nloss.backward()\nopt.step()\n'
                   "torch.save({'epoch': 3, 'model': net, 'optimizer': opt.state_dict(), 'losses': [0.5, 0.25], 'best': None, 'name': 'run-1'}, FILE)",
                   "ckpt = torch.load(FILE, weights_only=False)\nprint(sorted(ckpt.keys()))\nprint(ckpt['epoch'], ckpt['losses'], ckpt['best'], ckpt['name'])\n"
                   "model = ckpt['model']\nprint(type(model).__name__, model.training)\nprint(model.fc.bias)\n"
                   "opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nopt.load_state_dict(ckpt['optimizer'])\n"
                   "print(opt.state_dict()['param_groups'])\nprint(opt.state[model.fc.bias]['momentum_buffer'])"),
    'layer_subclasses': (PRELUDE + '''
class ScaledLinear(nn.Linear):
    def __init__(self, n_in, n_out, scale=0.5):
        super().__init__(n_in, n_out)
        self.scale = scale

    def forward(self, x):
        return super().forward(x) * self.scale

class Net(nn.Sequential):
    def __init__(self):
        super().__init__(nn.Linear(3, 4), nn.ReLU(), ScaledLinear(4, 2))

class Block(nn.ModuleList):
    def __init__(self, n):
        super().__init__([nn.Linear(2, 2) for _ in range(n)])

    def forward(self, x):
        for layer in self:
            x = torch.tanh(layer(x))
        return x
''',
                         "torch.manual_seed(0)\ntorch.save({'net': Net(), 'block': Block(2), 'mha': nn.MultiheadAttention(4, 2, batch_first=True)}, FILE)",
                         "d = torch.load(FILE, weights_only=False)\nprint(d['net'])\nprint(d['block'])\nprint(d['mha'])\ntorch.manual_seed(1)\nx = torch.randn(2, 3)\n"
                         "print(d['net'](x), d['net'][2].scale, d['net'][2].in_features, isinstance(d['net'][2], nn.Linear))\nprint(d['block'](x[:, :2]))\n"
                         "q = torch.randn(1, 3, 4)\nprint(d['mha'](q, q, q))"),
    'shared_and_plain': (PRELUDE + '''
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Empty:
    pass
''',
                         'torch.manual_seed(0)\nshared = nn.Linear(2, 2)\n'
                         "torch.save({'a': shared, 'b': shared, 'tensors': [torch.ones(2), torch.arange(3)], 'point': Point(1, 2.5), 'empty': Empty(), 'nested': {'t': (1, 'x')}}, FILE)",
                         "d = torch.load(FILE, weights_only=False)\nprint(d['a'] is d['b'], d['a'])\nprint(d['tensors'])\n"
                         "print(type(d['point']).__name__, d['point'].x, d['point'].y, type(d['empty']).__name__)\nprint(d['nested'])"),
}


def pickle_hex(path):
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith('/data.pkl')][0]
        return z.read(name).hex()


def run_python(code, cwd):
    r = subprocess.run([sys.executable, '-c', code], cwd=cwd, capture_output=True, text=True,
                       env=dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1'))
    if r.returncode != 0:
        raise SystemExit(f'PyTorch failed:\n{code}\n{r.stderr}')
    return r.stdout


def build(out_dir):
    manifest = {'format': 'nnrepl-torchsave-objects/1', 'cases': []}
    for name, (setup, write, check) in CASES.items():
        path = os.path.join(out_dir, name + '.pt')
        run_python(setup + f'FILE = {path!r}\n' + write, out_dir)
        stdout = run_python(setup + f'FILE = {path!r}\n' + check, out_dir)
        manifest['cases'].append({'name': name, 'setup': setup, 'write_code': write, 'check_code': check,
                                  'stdout': stdout, 'data_pkl': pickle_hex(path)})
    return manifest


def check_nnrepl(binary, manifest):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in manifest['cases']:
            path = os.path.join(tmp, case['name'] + '.pt')
            script = os.path.join(tmp, 'write.py')
            with open(script, 'w') as f:
                f.write(case['setup'] + f'FILE = {path!r}\n' + case['write_code'] + '\n')
            r = subprocess.run([binary, script], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{case['name']}: nnrepl failed: {r.stderr}")
                failures += 1
                continue
            out = run_python(case['setup'] + f'FILE = {path!r}\n' + case['check_code'], tmp)
            same = out == case['stdout'] and pickle_hex(path) == case['data_pkl']
            print(f"{case['name']}: {'PyTorch loads nnrepl file: same' if same else 'DIFFERENT'}")
            failures += not same
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--nnrepl')
    args = ap.parse_args()
    manifest_path = os.path.join(OUT_DIR, 'manifest.json')
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(tmp)
        with open(manifest_path) as f:
            old = json.load(f)
        if fresh != old:
            raise SystemExit('manifest differs from what PyTorch gives now')
        print('manifest matches')
    else:
        os.makedirs(OUT_DIR, exist_ok=True)
        manifest = build(OUT_DIR)
        with open(manifest_path, 'w') as f:
            json.dump(manifest, f, indent=1)
            f.write('\n')
        print(f"wrote {len(manifest['cases'])} cases to {OUT_DIR}")
    if args.nnrepl:
        with open(manifest_path) as f:
            sys.exit(1 if check_nnrepl(args.nnrepl, json.load(f)) else 0)


if __name__ == '__main__':
    main()
