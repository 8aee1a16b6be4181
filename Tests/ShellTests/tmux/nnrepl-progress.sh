#!/usr/bin/env bash
# Progress bars on a real terminal under tmux: tqdm's layout with count, rate and ETA on
# stderr, set_postfix, nested bars (leave=False wipes the inner one), Ctrl-C leaves the bar's
# last state, the same script piped stays silent on stderr, and a slow %run / %timeit shows a
# bar that is wiped when they finish.
# usage: nnrepl-progress.sh /path/to/nnrepl
set -u
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tmux-lib.sh"
bin=${1:-${NNREPL_BIN:-}}
[ -x "$bin" ] || { echo "usage: $0 /path/to/nnrepl"; exit 2; }
work=$(mktemp -d)
trap 'tmx_cleanup; rm -rf "$work"' EXIT

cat > "$work/bars.nnrepl" <<'PY'
from tqdm import tqdm, trange
import time
for i in tqdm(range(10), desc="train"):
    time.sleep(0.05)
pbar = tqdm(total=4, unit="batch")
for step in range(4):
    time.sleep(0.12)
    pbar.set_postfix(loss=0.5 / (step + 1))
    pbar.update()
pbar.close()
for epoch in trange(2, desc="epochs"):
    for b in tqdm(range(3), desc="inner", leave=False):
        time.sleep(0.05)
print("finished")
PY

# A bar line as tqdm draws it: description, percentage, bar, count, [elapsed<remaining, rate].
re_bar='^train: 100%\|█+\| 10/10 \[00:0[0-9]<00:00, +[0-9.]+it/s\]$'
tmx_start b LANG=C.UTF-8 NO_COLOR=1 TERM=xterm-256color -- "$bin" "$work/bars.nnrepl"
tmx_wait b 'EXIT=0' 15 || tmx_fail "the tqdm script runs" b
if tmx_screen b | grep -qE -- "$re_bar"; then tmx_pass "a finished loop leaves tqdm's bar: count, elapsed<remaining, rate"; else tmx_fail "tqdm's finished bar" b; fi
# characters, not bytes (█ is three bytes); wc -m counts the newline too
screen_width=$(tmx_screen b | grep -E '^train: 100%' | head -1 | sed 's/[[:space:]]*$//' | LC_ALL=C.UTF-8 wc -m)
tmx_check "the bar fills the terminal width less one column, as tqdm does" [ "${screen_width:-0}" -eq "$TMX_WIDTH" ]
if tmx_screen b | grep -qE '^100%\|█+\| 4/4 \[00:0[0-9]<00:00, +[0-9.]+batch/s, loss=0.125\]$'; then
    tmx_pass "set_postfix(loss=...) and unit= appear after the rate"
else tmx_fail "postfix and unit" b; fi
if tmx_screen b | grep -qE '^epochs: 100%\|█+\| 2/2 '; then tmx_pass "trange's outer bar stays"; else tmx_fail "outer bar of nested loops" b; fi
tmx_check "leave=False wipes the inner bars" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t b -p -J -S - | grep -q 'inner:'"
tmx_expect_line b "finished" "print after the bars"

# Ctrl-C in the middle of a loop: the bar keeps its last state on its own line, then the error
tmx_start c LANG=C.UTF-8 NO_COLOR=1 TERM=xterm-256color NNREPL_HISTORY="$work/h" -- "$bin"
tmx_wait c '>>> ' || tmx_fail "prompt" c
tmx_type c 'from tqdm import tqdm'; tmx_keys c Enter
tmx_type c 'import time'; tmx_keys c Enter
tmx_type c 'for i in tqdm(range(100), desc="slow"): time.sleep(0.1)'; tmx_keys c Enter; tmx_keys c Enter
tmx_wait_re c 'slow: +[0-9]+%\|' 5 || tmx_fail "the bar moves while the loop runs" c
tmx_keys c C-c
tmx_wait c 'KeyboardInterrupt' 5 || tmx_fail "Ctrl-C stops the loop" c
if tmx_screen c | grep -qE '^slow: +[0-9]+%\|.*\| [0-9]+/100 \['; then tmx_pass "an interrupted loop leaves its bar"; else tmx_fail "bar after Ctrl-C" c; fi

# %run of a slow file and %timeit of a slow statement: a bar while they run, gone afterwards
cat > "$work/slow.nnrepl" <<'PY'
import time
for i in range(4):
    time.sleep(0.4)
x = 1
time.sleep(1.5)
y = 2
PY
tmx_type c "%run $work/slow.nnrepl"; tmx_keys c Enter
tmx_wait_re c "%run .*slow.nnrepl: +[0-9]+%\|.*stmt/s\]" 6 || tmx_fail "%run shows a bar on a slow file" c
tmx_wait_line c '>>>' 8
tmx_settle 0.5
tmx_check "the %run bar is wiped when the file ends" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t c -p | grep -q 'stmt/s'"
tmx_type c '%timeit time.sleep(0.3)'; tmx_keys c Enter
tmx_wait_re c '%timeit: +[0-9]+%\|.*run/s\]' 6 || tmx_fail "%timeit shows a bar on a slow statement" c
tmx_expect c 'best of 5' "%timeit reports"
tmx_check "the %timeit bar is wiped" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t c -p | grep -q 'run/s'"
tmx_keys c C-d

# Not a terminal: the same script prints nothing on stderr
"$bin" "$work/bars.nnrepl" > "$work/out" 2> "$work/err"
tmx_check "piped, the script's stdout is only its prints" [ "$(cat "$work/out")" = "finished" ]
tmx_check "piped, stderr stays empty (no bars)" [ ! -s "$work/err" ]

rm -rf "$work"
tmx_summary
