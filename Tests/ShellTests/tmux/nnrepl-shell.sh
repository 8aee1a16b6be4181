#!/usr/bin/env bash
# Interactive checks of the real nnrepl under tmux, as a learner would use it:
# prompt and display, Tab completion through attribute chains, Ctrl-C during a loop,
# errors that keep the session, %watch after backward, history across restarts.
# usage: nnrepl-shell.sh /path/to/nnrepl
set -u
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tmux-lib.sh"
bin=${1:-${NNREPL_BIN:-}}
[ -x "$bin" ] || { echo "usage: $0 /path/to/nnrepl"; exit 2; }
work=$(mktemp -d)
hist="$work/history"

tmx_start s1 NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color -- "$bin"
tmx_wait s1 '>>> ' || tmx_fail "first prompt" s1
tmx_type s1 'x = 40'; tmx_keys s1 Enter
tmx_type s1 'x + 2'; tmx_keys s1 Enter
tmx_expect_line s1 "42" "an expression's value is displayed"

# a network to complete and watch
tmx_type s1 'import torch'; tmx_keys s1 Enter
tmx_type s1 'import torch.nn as nn'; tmx_keys s1 Enter
# The class below relies on auto-indent and Backspace: type it only once the prompt is back
# (keys typed ahead while the imports run would meet a different prefill on a loaded machine).
for _ in $(seq 1 100); do [ "$(tmx_last_line s1 | sed 's/[[:space:]]*$//')" = ">>>" ] && break; sleep 0.1; done
tmx_type s1 'class Net(nn.Module):'; tmx_keys s1 Enter
tmx_type s1 'def __init__(self):'; tmx_keys s1 Enter
tmx_type s1 'super().__init__()'; tmx_keys s1 Enter
tmx_type s1 'self.conv1 = nn.Conv2d(1, 6, 3)'; tmx_keys s1 Enter
# Backspace only once the next continuation line (and its auto-indent) is there: on a loaded
# machine the keys could arrive before the prefill and be spent on nothing.
for _ in $(seq 1 100); do l="$(tmx_last_line s1)"; case "$l" in "..."*conv1*) ;; "..."*) break ;; esac; sleep 0.1; done
tmx_keys s1 BSpace BSpace BSpace BSpace
tmx_type s1 'def forward(self, x):'; tmx_keys s1 Enter
tmx_type s1 'return self.conv1(x).sum()'; tmx_keys s1 Enter
tmx_keys s1 Enter
tmx_type s1 'net = Net()'; tmx_keys s1 Enter
tmx_wait s1 '>>> net = Net()' || tmx_fail "class defined with auto-indented continuation lines" s1
sleep 0.3
tmx_type s1 'net.conv1.b'; tmx_keys s1 Tab
sleep 0.5
tmx_check "Tab completes net.conv1.b to net.conv1.bias" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t s1 -p | grep -q '>>> net.conv1.bias'"
tmx_keys s1 C-u

tmx_type s1 '%watch net.conv1.bias.grad'; tmx_keys s1 Enter
tmx_type s1 'net(torch.ones(1, 1, 5, 5)).backward()'; tmx_keys s1 Enter
tmx_wait s1 'net.conv1.bias.grad: None → tensor([9., 9., 9., 9., 9., 9.])' || tmx_fail "%watch shows None → tensor(...) after backward" s1
tmx_pass "%watch shows the gradient appearing"

# an error keeps the session and its variables
tmx_type s1 'undefined_name'; tmx_keys s1 Enter
tmx_wait s1 "NameError: name 'undefined_name' is not defined" || tmx_fail "NameError reported" s1
tmx_type s1 'x'; tmx_keys s1 Enter
tmx_wait s1 '40' 5 2 || tmx_fail "variables survive an error" s1
tmx_pass "an error keeps the session"

# Ctrl-C stops a runaway loop; the session lives on
tmx_type s1 'while True: pass'; tmx_keys s1 Enter; tmx_keys s1 Enter
sleep 1
tmx_keys s1 C-c
tmx_wait s1 'KeyboardInterrupt' 3 || tmx_fail "Ctrl-C stops while True" s1
tmx_type s1 'x + 1'; tmx_keys s1 Enter
tmx_expect_line s1 "41" "the session works after Ctrl-C"

tmx_keys s1 C-d
tmx_wait s1 'EXIT=0' 5 || tmx_fail "Ctrl-D leaves with status 0" s1

# history survives a restart: Up brings back the previous session's last line
tmx_start s2 NNREPL_HISTORY="$hist" NO_COLOR=1 TERM=xterm-256color -- "$bin"
tmx_wait s2 '>>> ' || tmx_fail "second shell prompt" s2
tmx_keys s2 Up
sleep 0.5
tmx_check "Up in a new shell recalls the previous session's last line" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t s2 -p | grep -q '>>> x + 1'"
tmx_keys s2 C-u C-d

rm -rf "$work"
tmx_summary
