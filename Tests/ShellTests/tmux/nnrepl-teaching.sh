#!/usr/bin/env bash
# Interactive checks of nnrepl's teaching features under tmux: keyword-argument completion,
# file-name completion in a string, pasting a class with a blank line inside, --step (Enter
# runs the next statement, q stops, i opens the shell), %watch highlighting with colour on,
# help paged through $PAGER, %history of the session.
# usage: nnrepl-teaching.sh /path/to/nnrepl
set -u
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tmux-lib.sh"
bin=${1:-${NNREPL_BIN:-}}
[ -x "$bin" ] || { echo "usage: $0 /path/to/nnrepl"; exit 2; }
work=$(mktemp -d)
trap 'tmx_cleanup; rm -rf "$work"' EXIT
hist="$work/history"
# the visible screen contains TEXT (fixed string)
visible_has() { tmx_visible "$1" | grep -qF -- "$2"; }

# --- keyword arguments inside a call ----------------------------------------------------------
tmx_start k NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color "PAGER=sed s/^/PAGED:\ /" -- "$bin"
tmx_wait k '>>> ' || tmx_fail "first prompt" k
tmx_type k 'import torch.nn as nn'; tmx_keys k Enter
tmx_wait k '>>> ' 10 2 || tmx_fail "prompt after import" k     # keys typed ahead are not completed
tmx_type k 'c = nn.Conv2d(1, 6, 3, pad'; tmx_keys k Tab
tmx_settle 0.5
tmx_check "Tab inside nn.Conv2d( completes pad to padding" visible_has k '>>> c = nn.Conv2d(1, 6, 3, padding'
tmx_keys k Tab; tmx_settle 0.3; tmx_keys k Tab
tmx_expect k 'padding_mode=' "a second Tab lists padding= and padding_mode="
tmx_check "the listing offers padding=" visible_has k 'padding='
tmx_type k '_m'; tmx_keys k Tab
tmx_settle 0.5
tmx_check "padding_m completes to padding_mode=" visible_has k ">>> c = nn.Conv2d(1, 6, 3, padding_mode="
tmx_type k "'zeros')"; tmx_keys k Enter
tmx_type k 'c.padding_mode'; tmx_keys k Enter
tmx_expect_line k "'zeros'" "the completed keyword call runs"

# a user function's parameters, minus those already given
tmx_type k 'def f(alpha, beta=2, *, gamma=3): return alpha'; tmx_keys k Enter; tmx_keys k Enter
tmx_type k 'f(1, gamma=4, '; tmx_keys k Tab
tmx_settle 0.5
tmx_check "Tab after a comma offers the remaining keyword" visible_has k '>>> f(1, gamma=4, beta='
tmx_keys k C-u

# file names inside a string
mkdir -p "$work/lessons"; : > "$work/lessons/lenet_intro.nnrepl"
tmx_type k "p = '$work/lessons/len"; tmx_keys k Tab
tmx_settle 0.5
tmx_check "Tab inside a string completes a file name" visible_has k "lessons/lenet_intro.nnrepl"
tmx_keys k C-u

# magics after %
tmx_type k '%tim'; tmx_keys k Tab
tmx_settle 0.5
tmx_check "Tab after % completes a magic name" visible_has k '>>> %time'
tmx_keys k C-u

# --- paste a class with a blank line inside -------------------------------------------------
cat > "$work/paste.py" <<'EOF'
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return self.fc(x)
EOF
tmx_paste k "$work/paste.py"
tmx_settle 0.5
tmx_keys k Enter
tmx_settle 0.5
tmx_type k 'Net()'; tmx_keys k Enter
tmx_expect_line k '  (fc): Linear(in_features=2, out_features=1, bias=True)' "a pasted class with a blank line inside is defined whole"
tmx_check "no error after the paste" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t k -p -J -S - | grep -q 'Error'"

# --- help paged through $PAGER when longer than the screen -----------------------------------
tmx_type k 'import torch'; tmx_keys k Enter
tmx_type k 'torch?'; tmx_keys k Enter
tmx_expect k 'PAGED: Help on module torch' "long help goes through \$PAGER"
tmx_type k 'len?'; tmx_keys k Enter
tmx_expect_line k 'Help on built-in function len:' "short help is printed directly"

# --- %history lists this session's inputs ----------------------------------------------------
tmx_keys k C-l
tmx_type k '%history -n 2'; tmx_keys k Enter
if tmx_wait_re k '^ *[0-9]+: len\?$'; then tmx_pass "%history -n 2 shows the previous input"; else tmx_fail "%history -n 2 shows the previous input" k; fi
tmx_keys k C-d
tmx_wait k 'EXIT=0' 5 || tmx_fail "Ctrl-D leaves" k

# --- %watch with colour: changed elements highlighted, max |Δ| given ------------------------
tmx_start w NNREPL_HISTORY="$hist" NO_COLOR= TERM=xterm-256color -- "$bin"
tmx_wait w '>>> ' || tmx_fail "prompt with colour" w
tmx_type w 'import torch'; tmx_keys w Enter
tmx_type w 't = torch.zeros(4)'; tmx_keys w Enter
tmx_type w '%watch t'; tmx_keys w Enter
tmx_type w 't[2] = 0.00001'; tmx_keys w Enter
tmx_expect w 'max |Δ| = 1e-05' "%watch gives max |Δ| for a change 4-decimal printing hides"
watch_line() { tmx capture-pane -t w -p -e -J -S - | grep -F 't: tensor([0., 0., 0., 0.]) → '; }
changed_coloured() { watch_line | grep -qF $'\e[33m1.0000e-05'; }
unchanged_plain() { watch_line | grep -qF 'tensor([0.0000e+00, 0.0000e+00, '; }
prompt_coloured() { tmx capture-pane -t w -p -e | grep -qF $'\e[35m>>>'; }
tmx_check "the changed element is coloured" changed_coloured
tmx_check "unchanged elements are not coloured" unchanged_plain
tmx_check "the prompt is coloured" prompt_coloured
tmx_keys w C-d

# --- --step: Enter runs the next statement, q stops ----------------------------------------
cat > "$work/lesson.nnrepl" <<'EOF'
x = 20
x + 1
x * 3
EOF
tmx_start s NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color -- "$bin" --step "$work/lesson.nnrepl"
tmx_wait s '>>> x = 20' || tmx_fail "--step shows the first statement" s
tmx_settle 0.5
tmx_check "--step waits before running (the second statement is not shown yet)" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t s -p | grep -q 'x + 1'"
tmx_keys s Enter
tmx_expect s '>>> x + 1' "Enter runs it and shows the next statement"
tmx_keys s Enter
tmx_expect_line s '21' "the second Enter runs x + 1"
tmx_wait s '>>> x * 3' || tmx_fail "third statement shown" s
tmx_type s 'q'; tmx_keys s Enter
tmx_expect s 'EXIT=0' "q + Enter stops with status 0"
tmx_check "the statement after q did not run" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t s -p | grep -qx '60'"

# --- --step: i drops into the shell with the lesson's variables; the end stays interactive ---
tmx_start i NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color -- "$bin" --step "$work/lesson.nnrepl"
tmx_wait i '>>> x = 20' || tmx_fail "--step (second run) shows the first statement" i
tmx_keys i Enter
tmx_wait i '>>> x + 1' || tmx_fail "second statement shown" i
tmx_type i 'i'; tmx_keys i Enter
tmx_settle 0.5
tmx_type i 'x - 1'; tmx_keys i Enter
tmx_expect_line i '19' "i + Enter opens the shell with the lesson's variables"
tmx_keys i C-d
tmx_wait i 'EXIT=0' 5 || tmx_fail "leaving the shell after i" i

tmx_start e NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color -- bash -c "'$bin' --step '$work/lesson.nnrepl' | cat"
tmx_wait e '>>> x = 20' || tmx_fail "--step with stdout piped shows the statement" e
tmx_keys e Enter; tmx_keys e Enter; tmx_keys e Enter
tmx_expect_line e '60' "--step reads keys from the terminal when stdout is piped"
tmx_keys e C-d
tmx_expect e 'EXIT=0' "after the last statement the shell stays open until Ctrl-D"

tmx_summary
