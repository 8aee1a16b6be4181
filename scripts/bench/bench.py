#!/usr/bin/env python3
"""nnrepl's benchmark suite: every workload through nnrepl and PyTorch in the same run,
alternating, one thread each; prints medians, ratios and the issue-10 goals.

Run it through scripts/bench/run (which builds nnrepl in release mode first):
    scripts/bench/run --torch /work/torchenv/bin/python [--rounds 5] [--only lenet16,wide]

Only the standard library: the PyTorch side is the interpreter given with --torch (the
workloads are plain Python files under workloads/, run unchanged by both). Without --torch
only nnrepl's figures are printed. Timings of a loaded machine are noisy: compare ratios from
one run, and check the load average printed at the top.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORKLOADS = os.path.join(HERE, 'workloads')

# name: (template, parameters, what the row shows, goal: (kind, limit))
#   kind 'time': nnrepl/PyTorch time ratio <= limit; 'gflops': nnrepl/PyTorch GFLOP/s >= limit
LENET = {'WARMUP': 5, 'OPTIM': "'sgd'", 'LOSS': "'mse'", 'MODE': "'train'"}
STEP_WORKLOADS = [
    ('lenet1', 'lenet.py', dict(LENET, BATCH=1, STEPS=300), 'LeNet step, batch 1 (SGD momentum, MSE)', ('time', 0.5)),
    ('lenet16', 'lenet.py', dict(LENET, BATCH=16, STEPS=100), 'LeNet step, batch 16', ('time', 0.5)),
    ('lenet64', 'lenet.py', dict(LENET, BATCH=64, STEPS=40), 'LeNet step, batch 64', ('time', 0.5)),
    ('lenet256', 'lenet.py', dict(LENET, BATCH=256, STEPS=15), 'LeNet step, batch 256', ('time', 0.5)),
    ('lenet256adam', 'lenet.py', dict(LENET, BATCH=256, STEPS=15, OPTIM="'adam'", LOSS="'ce'"),
     'LeNet step, batch 256 (Adam, CrossEntropy)', ('time', 0.5)),
    ('forward1', 'lenet.py', dict(LENET, BATCH=1, STEPS=500, MODE="'forward'"), 'LeNet forward, batch 1, no_grad', None),
    ('mlp', 'mlp.py', dict(STEPS=100, WARMUP=5), 'MLP 64-256-10 step, batch 256 (Adam, CE)', None),
    ('wide', 'wide_conv.py', dict(STEPS=5, WARMUP=1), 'Conv2d(64,64,3,p=1) 32x64x56x56 fwd+bwd', ('gflops', 1.0)),
]
# Whole scripts, process start included: (name, batch, steps, goal ratio)
SCRIPT_WORKLOADS = [
    ('script1', 1, 2000, 0.25),
    ('script64', 64, 200, 0.5),
]


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def machine():
    model = sh("lscpu | sed -n 's/^Model name:[ \\t]*//p'") or platform.processor()
    return model, os.cpu_count()


def write_workload(tmp, name, template, params):
    """The workload file with its parameters prepended (valid Python for both)."""
    with open(os.path.join(WORKLOADS, template)) as f:
        body = f.read()
    head = ''.join(f'{k} = {v}\n' for k, v in params.items())
    path = os.path.join(tmp, f'{name}.py')
    with open(path, 'w') as f:
        f.write(head + body)
    return path


def run(cmd, env):
    """Runs a process; returns (stdout, wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f'{" ".join(cmd)} failed ({p.returncode}):\n{err}')
    return out, wall


def run_measured(cmd, env):
    """(stdout, wall seconds, peak RSS in MiB) of one process: a fresh helper process runs it,
    so that RUSAGE_CHILDREN's maximum is this process's alone."""
    code = ('import os, resource, subprocess, sys, time\n'
            't0 = time.perf_counter()\n'
            'p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n'
            'wall = time.perf_counter() - t0\n'
            'sys.stdout.write(p.stdout)\n'
            'sys.stderr.write(p.stderr)\n'
            'r = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
            'print(f"MEASURE wall={wall} rss_kib={r.ru_maxrss} status={p.returncode}")\n')
    out, _ = run([sys.executable, '-c', code] + cmd, env)
    m = re.search(r'MEASURE wall=(\S+) rss_kib=(\d+) status=(-?\d+)', out)
    if int(m.group(3)) != 0:
        raise SystemExit(f'{" ".join(cmd)} failed:\n{out}')
    return out, float(m.group(1)), int(m.group(2)) / 1024


def result(out):
    m = re.search(r'^RESULT (.*)$', out, re.M)
    if not m:
        raise SystemExit(f'no RESULT line in:\n{out}')
    return dict(kv.split('=', 1) for kv in m.group(1).split())


def fmt(v, unit):
    if v is None:
        return '—'
    if unit == 'ms':
        return f'{v:.3f} ms' if v < 10 else f'{v:.1f} ms'
    if unit == 's':
        return f'{v:.2f} s'
    if unit == 'GFLOP/s':
        return f'{v:.1f} GFLOP/s'
    if unit == 'MiB':
        return f'{v:.0f} MiB'
    return f'{v} {unit}'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--nnrepl', default=os.path.join(ROOT, '.build', 'release', 'nnrepl'))
    ap.add_argument('--torch', help='the Python interpreter that has PyTorch')
    ap.add_argument('--rounds', type=int, default=5, help='alternating runs per workload (median)')
    ap.add_argument('--only', help='comma-separated workload names')
    ap.add_argument('--cc', default=os.environ.get('CC') or shutil.which('cc') or 'clang')
    a = ap.parse_args()
    only = set(a.only.split(',')) if a.only else None
    want = lambda name: only is None or name in only        # noqa: E731

    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1')
    model, cpus = machine()
    print(f'# nnrepl benchmarks, {datetime.date.today()}, {model} ({cpus} CPUs), one thread each')
    print(f'# load average at start: {" ".join(sh("cat /proc/loadavg").split()[:3])}')
    rows = []   # (label, nnrepl, torch, unit, ratio text, goal text, met)

    with tempfile.TemporaryDirectory() as tmp:
        peak = None
        if want('wide'):
            probe = os.path.join(tmp, 'fma_peak')
            subprocess.run([a.cc, '-O2', os.path.join(HERE, 'fma_peak.c'), '-o', probe], check=True)
            peaks = [float(result(run([probe], env)[0])['gflops']) for _ in range(3)]
            peak = max(peaks)
            rows.append(('FMA peak of one core (C probe)', peak, None, 'GFLOP/s', '', '', None))

        for name, template, params, label, goal in STEP_WORKLOADS:
            if not want(name):
                continue
            path = write_workload(tmp, name, template, params)
            ours, theirs, values = [], [], set()
            for r in range(a.rounds):
                order = [('n', [a.nnrepl, path]), ('t', [a.torch, path])] if a.torch else [('n', [a.nnrepl, path])]
                if r % 2:
                    order.reverse()
                for who, cmd in order:
                    res = result(run(cmd, env)[0])
                    key = 'gflops' if goal and goal[0] == 'gflops' else 'ms'
                    (ours if who == 'n' else theirs).append(float(res[key]))
                    values.add((who, res.get('value')))
            unit = 'GFLOP/s' if goal and goal[0] == 'gflops' else 'ms'
            n_med = statistics.median(ours)
            t_med = statistics.median(theirs) if theirs else None
            same = len({v for _, v in values}) == 1 if theirs else None
            ratio = f'{n_med / t_med:.2f}×' if t_med else ''
            goal_text, met = '', None
            if goal and t_med:
                if goal[0] == 'time':
                    goal_text, met = f'≤ {goal[1]}×', n_med / t_med <= goal[1]
                else:
                    goal_text = f'≥ PyTorch, ≥ 70% of peak ({n_med / peak * 100:.0f}%)' if peak else '≥ PyTorch'
                    met = n_med >= t_med and (peak is None or n_med >= 0.7 * peak)
            rows.append((label + ('' if same in (None, True) else ' [values differ]'), n_med, t_med, unit, ratio, goal_text, met))
            print(f'  {name}: nnrepl {ours}  PyTorch {theirs}', file=sys.stderr)

        for name, batch, steps, goal in SCRIPT_WORKLOADS:
            if not want(name):
                continue
            path = write_workload(tmp, name, 'lenet.py', dict(LENET, BATCH=batch, STEPS=steps, WARMUP=0))
            ours, theirs, rss_n, rss_t = [], [], [], []
            for r in range(max(1, a.rounds // 2)):
                order = [('n', [a.nnrepl, path]), ('t', [a.torch, path])] if a.torch else [('n', [a.nnrepl, path])]
                if r % 2:
                    order.reverse()
                for who, cmd in order:
                    _, wall, rss = run_measured(cmd, env)
                    (ours if who == 'n' else theirs).append(wall)
                    (rss_n if who == 'n' else rss_t).append(rss)
            n_med, t_med = statistics.median(ours), statistics.median(theirs) if theirs else None
            rows.append((f'whole script: LeNet batch {batch} × {steps} steps, process start included', n_med, t_med, 's',
                         f'{n_med / t_med:.2f}×' if t_med else '', f'≤ {goal}×' if t_med else '',
                         n_med / t_med <= goal if t_med else None))
            rows.append((f'peak RSS of that script', max(rss_n), max(rss_t) if rss_t else None, 'MiB',
                         f'{max(rss_n) / max(rss_t):.2f}×' if rss_t else '', '≤ 0.1×' if rss_t else '',
                         max(rss_n) <= 0.1 * max(rss_t) if rss_t else None))

        if want('startup'):
            ours, theirs = [], []
            for r in range(a.rounds):
                ours.append(run_measured([a.nnrepl, '-c', 'import torch'], env)[1])
                if a.torch:
                    theirs.append(run_measured([a.torch, '-c', 'import torch'], env)[1])
            n_med = statistics.median(ours) * 1000
            t_med = statistics.median(theirs) * 1000 if theirs else None
            rows.append(('start-up (`import torch`)', n_med, t_med, 'ms', f'{n_med / t_med:.3f}×' if t_med else '',
                         '< 50 ms', n_med < 50))

    print()
    print('| workload | nnrepl | PyTorch | ratio | goal | met |')
    print('| --- | --- | --- | --- | --- | --- |')
    for label, n, t, unit, ratio, goal, met in rows:
        mark = '' if met is None else ('yes' if met else '**no**')
        print(f'| {label} | {fmt(n, unit)} | {fmt(t, unit)} | {ratio} | {goal} | {mark} |')
    print()
    print(f'# load average at end: {" ".join(sh("cat /proc/loadavg").split()[:3])}')


if __name__ == '__main__':
    main()
