#!/usr/bin/env bash
# Ctrl-C at the real prompt stops long work within 0.2 s and the session lives on: a Python
# loop, a loop of tensor ops, a huge torch.randn, a big convolution, a big matrix product. The
# time is measured from the key press to "KeyboardInterrupt" on the screen
# (NNREPL_INTERRUPT_LIMIT overrides 0.2).
# usage: nnrepl-interrupt.sh /path/to/nnrepl
set -u
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tmux-lib.sh"
bin=${1:-${NNREPL_BIN:-}}
[ -x "$bin" ] || { echo "usage: $0 /path/to/nnrepl"; exit 2; }
limit=${NNREPL_INTERRUPT_LIMIT:-0.2}
work=$(mktemp -d)

tmx_start s1 NNREPL_HISTORY="$work/history" NO_COLOR=1 TERM=xterm-256color -- "$bin"
tmx_wait s1 '>>> ' || tmx_fail "first prompt" s1
tmx_type s1 'import torch'; tmx_keys s1 Enter
tmx_type s1 'w = torch.randn(64, 64, 7, 7); big = torch.randn(32, 64, 128, 128); a = torch.randn(8000, 1000); b = a.t().contiguous(); sq = torch.randn(6000, 6000)'; tmx_keys s1 Enter
tmx_wait s1 '>>> ' 20 3 || tmx_fail "setup" s1

n=0
# interrupt_after NAME CODE [LIMIT]: runs CODE, presses Ctrl-C after a second, checks the delay.
interrupt_after() {
    local name=$1 code=$2 limit=${3:-$limit}
    n=$((n + 1))
    # A second Enter ends a one-line compound statement (the prompt's "..." continuation).
    tmx_type s1 "$code"; tmx_keys s1 Enter; tmx_keys s1 Enter
    sleep 1
    local t0 t1 elapsed
    t0=$(date +%s%N)
    tmx_keys s1 C-c
    while [ "$(tmx_count s1 'KeyboardInterrupt')" -lt "$n" ]; do
        [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 10000 ] && break
        sleep 0.005
    done
    t1=$(date +%s%N)
    elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    if [ "$(tmx_count s1 'KeyboardInterrupt')" -lt "$n" ]; then
        tmx_fail "Ctrl-C stops $name (no KeyboardInterrupt after 10 s)" s1
    elif awk -v e="$elapsed" -v l="$limit" 'BEGIN { exit !(e <= l) }'; then
        tmx_pass "Ctrl-C stops $name in ${elapsed} s"
    else
        tmx_fail "Ctrl-C stops $name in ${elapsed} s (limit $limit s)" s1
    fi
}

interrupt_after "a Python loop" 'while True: pass'
interrupt_after "a loop of tensor ops" 'for i in range(10**8): y = torch.ones(3) * i'
interrupt_after "torch.randn(5 * 10**7) in a loop" 'for i in range(1000): x = torch.randn(5 * 10**7)'
# One oneDNN convolution (about 1 s here), one 8000×1000 @ 1000×8000 BLAS product (about 1 s)
# and one 6000×6000 square product (about 5 s) run in pieces of about 20 ms that check the flag
# between them (ConvPieces, GemmPieces: blocks of at least 256 rows and columns, the whole k).
interrupt_after "a big conv2d" 'for i in range(100): y = torch.nn.functional.conv2d(big, w)'
interrupt_after "one big matrix product" 'for i in range(100): y = a @ b'
interrupt_after "one big square matrix product" 'for i in range(100): y = sq @ sq'
interrupt_after "a list comprehension" 'l = [i * i for i in range(10**9)]'

tmx_type s1 'print(w.shape, 6 * 7)'; tmx_keys s1 Enter
tmx_wait s1 'torch.Size([64, 64, 7, 7]) 42' 5 || tmx_fail "the session works after the interrupts" s1
tmx_pass "the session works after the interrupts"
tmx_keys s1 C-d
tmx_wait s1 'EXIT=0' 5 || tmx_fail "Ctrl-D leaves with status 0" s1
rm -rf "$work"
tmx_summary
