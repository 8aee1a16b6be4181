#!/usr/bin/env bash
# tmux checks of the Shell target's LineEditor (libedit): completion, history, Ctrl-R, Ctrl-C,
# Ctrl-D, UTF-8, auto-indent, bracketed paste, colour, piped stdin/stdout, ~/.editrc.
#
# Usage: lineeditor.sh /path/to/lineedit-demo      (or LINEEDIT_DEMO=/path/to/lineedit-demo)
# The demo is not part of nnrepl: it is a tiny executable built outside this package that reads
# lines with LineEditor and prints `got: <line>` ("\n" shown as \n); it completes over
# net, net.conv1.bias, net.conv1.weight, net.conv2, net.fc, print, größe, grün, torch.tensor,
# torch.zeros; after a line ending in ":" it prompts "... " with the indentation pre-typed;
# `%history` prints the in-memory history. Env: LINEEDIT_DEMO_HISTORY, LINEEDIT_DEMO_COLOR=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tmux-lib.sh"

DEMO=${1:-${LINEEDIT_DEMO:-}}
if [ -z "$DEMO" ] || [ ! -x "$DEMO" ]; then
    echo "usage: $0 /path/to/lineedit-demo" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'tmx_cleanup; rm -rf "$work"' EXIT
hist="$work/state/nn/history"        # its directory does not exist yet
export TERM=xterm-256color
export LANG= LC_ALL=                 # no UTF-8 locale in the environment: the C.UTF-8 fallback must work

# expect_last SESSION TEXT DESCRIPTION: the last non-empty screen line is exactly TEXT
expect_last() {
    local got deadline=$((SECONDS + TMX_TIMEOUT))
    while :; do
        got=$(tmx_last_line "$1" | sed 's/[[:space:]]*$//')
        [ "$got" = "$2" ] && { tmx_pass "$3"; return; }
        [ $SECONDS -ge $deadline ] && { tmx_fail "$3 (last line: '$got', wanted '$2')" "$1"; return; }
        sleep 0.1
    done
}
# expect_cursor SESSION X DESCRIPTION
expect_cursor() {
    local got
    tmx_settle
    got=$(tmx_cursor "$1" | cut -d' ' -f1)
    if [ "$got" = "$2" ]; then tmx_pass "$3"; else tmx_fail "$3 (cursor_x $got, wanted $2)" "$1"; fi
}
# enter SESSION TEXT: types TEXT and Enter
enter() { tmx_type "$1" "$2"; tmx_keys "$1" Enter; }

# --- session 1: a fresh history file -------------------------------------------------------
tmx_start s1 LINEEDIT_DEMO_HISTORY="$hist" -- "$DEMO"
tmx_expect s1 '>>> ' "prompt shown"
tmx_check "missing history file (and directory) created with the libedit header" \
    grep -qx '_HiStOrY_V2_' "$hist"

tmx_type s1 'net.c'; tmx_keys s1 Tab
expect_last s1 '>>> net.conv' "Tab inserts the longest common prefix"
expect_cursor s1 12 "cursor after the inserted prefix"
tmx_keys s1 Tab
tmx_expect s1 'net.conv1.bias    net.conv1.weight  net.conv2' "second Tab lists the candidates in columns"
expect_last s1 '>>> net.conv' "prompt and line redrawn under the list"
enter s1 '2'
tmx_expect s1 'got: net.conv2' "completed line returned"

tmx_type s1 'torch.t'; tmx_keys s1 Tab Enter
tmx_expect s1 'got: torch.tensor' "unique candidate completed in full"

tmx_keys s1 Tab; enter s1 'x'
tmx_expect s1 'got:     x' "Tab on an empty prefix inserts four spaces"

tmx_type s1 'abc'; tmx_keys s1 C-c
tmx_expect s1 'KeyboardInterrupt' "Ctrl-C at the prompt returns .interrupted"
enter s1 'after'
tmx_expect s1 'got: after' "the line after Ctrl-C works (typed text discarded)"

tmx_type s1 'grü'; tmx_keys s1 Tab; tmx_type s1 ' = "héllo → λ"'; tmx_keys s1 Left Left
expect_cursor s1 20 "cursor column correct over non-ASCII text"
tmx_type s1 'ß'; tmx_keys s1 Enter
tmx_expect s1 'got: grün = "héllo → ßλ"' "UTF-8 completion and editing inside the line"

enter s1 'def f(x):'
expect_last s1 '...' "continuation prompt after a colon"
expect_cursor s1 8 "auto-indent pre-types four spaces"
enter s1 'return x'
tmx_expect s1 'got:     return x' "pre-typed indentation is part of the line"
tmx_keys s1 BSpace BSpace BSpace BSpace; enter s1 'y = 2'
tmx_expect s1 'got: y = 2' "pre-typed indentation can be erased"
tmx_keys s1 C-c
tmx_wait s1 'KeyboardInterrupt' 5 2

printf 'class Net:\n    def __init__(self):\n        self.w = 1\n\n    def forward(self, x):\n        return x * self.w\n' > "$work/class.py"
tmx_paste s1 "$work/class.py"
tmx_settle 0.5
tmx_check "paste is not submitted before Enter" [ "$(tmx_count s1 'got: class Net')" -eq 0 ]
tmx_keys s1 Enter
tmx_expect s1 'got: class Net:\n    def __init__(self):\n        self.w = 1\n\n    def forward(self, x):\n        return x * self.w' \
    "bracketed paste of a class with a blank line arrives as one block"

printf '>>> a = 1\n>>> for i in range(2):\n...     print(i)\n...\n' > "$work/session.txt"
tmx_paste s1 "$work/session.txt"; tmx_settle; tmx_keys s1 Enter
tmx_expect s1 'got: a = 1\nfor i in range(2):\n    print(i)' "pasted >>> / ... prompts stripped"

printf 'b = 1\r\nc = 2\r\n' > "$work/crlf.txt"
tmx load-buffer -b crlf "$work/crlf.txt" && tmx paste-buffer -t s1 -b crlf -p -r -d
tmx_settle; tmx_keys s1 Enter
tmx_expect s1 'got: b = 1\nc = 2' "pasted CRLF line breaks become one newline"

tmx_type s1 'gr'; tmx_keys s1 Up
expect_last s1 '>>> grün = "héllo → ßλ"' "Up with a typed prefix finds the matching line"
tmx_keys s1 Down
expect_last s1 '>>> gr' "Down returns to the typed prefix"
tmx_keys s1 C-u C-r; tmx_type s1 'tens'
tmx_expect s1 'bck:tens' "Ctrl-R shows the reverse-search mode line"
tmx_keys s1 Enter
tmx_wait s1 'got: torch.tensor' 5 2 && tmx_pass "Ctrl-R match accepted with Enter" || tmx_fail "Ctrl-R match accepted with Enter" s1

enter s1 '%history'
tmx_wait s1 'got: %history'
if tmx_screen s1 | grep -qE '^[0-9]+: class Net:$'; then tmx_pass "%history lists the pasted block as one entry"
else tmx_fail "%history lists the pasted block as one entry" s1; fi

tmx_type s1 'qz'; tmx_keys s1 Left C-d; tmx_settle; tmx_keys s1 Enter
tmx_expect_line s1 'got: q' "Ctrl-D on a non-empty line deletes instead of ending input"
tmx_keys s1 C-d
tmx_expect s1 'EXIT=0' "Ctrl-D on an empty line ends input (exit status 0)"
tmx_check "history file keeps multi-line entries on one line" grep -q '^class\\040Net:\\012' "$hist"
tmx_check "no temporary history files left behind" [ "$(ls "$(dirname "$hist")")" = history ]
tmx_check "history file is private (0600)" [ "$(stat -c %a "$hist")" = 600 ]

# --- session 2: history survives a restart ------------------------------------------------
tmx_start s2 LINEEDIT_DEMO_HISTORY="$hist" -- "$DEMO"
tmx_wait s2 '>>> '
tmx_keys s2 Up
expect_last s2 '>>> q' "Up after a restart recalls the last line of the previous session"
tmx_keys s2 Up
expect_last s2 '>>> %history' "older entries follow"
tmx_keys s2 C-u; tmx_type s2 'tor'; tmx_keys s2 Up Enter
tmx_expect s2 'got: torch.tensor' "prefix search over the reloaded history"
tmx_keys s2 C-d; tmx_wait s2 'EXIT='

# --- session 3: coloured prompt ----------------------------------------------------------
tmx_start s3 LINEEDIT_DEMO_COLOR=1 -- "$DEMO"
tmx_wait s3 '>>>'
tmx_type s3 'abc'
expect_cursor s3 7 "coloured prompt: cursor column ignores the colour codes"
if tmx_screen s3 -e | head -1 | grep -q $'\e\[35m>>>\e\[0m.* abc$'; then
    tmx_pass "coloured prompt is reset before the typed text"
else tmx_fail "coloured prompt is reset before the typed text" s3; fi
tmx_keys s3 Left Left
expect_cursor s3 5 "coloured prompt: cursor moves correctly inside the line"
tmx_keys s3 C-u C-d

# --- session 4: stdout is a pipe (editor draws on stderr) -------------------------------
tmx_start s4 -- bash -c "$(printf '%q' "$DEMO") | cat"
tmx_wait s4 '>>> '
tmx_type s4 'net.f'; tmx_keys s4 Tab Enter
tmx_expect s4 'got: net.fc' "stdout piped: prompt, editing and completion still work"
tmx_keys s4 C-d

# --- session 5: a file that is not a history file ------------------------------------------
printf 'my notes\nkeep me\n' > "$work/notes"
tmx_start s5 LINEEDIT_DEMO_HISTORY="$work/notes" -- "$DEMO"
tmx_expect s5 'is not a history file' "foreign history file: warning shown"
enter s5 'x = 5'
tmx_expect s5 'got: x = 5' "foreign history file: the editor still works"
tmx_check "foreign history file left untouched" [ "$(cat "$work/notes")" = "$(printf 'my notes\nkeep me')" ]
tmx_check "warning printed once" [ "$(tmx_count s5 'warning')" -eq 1 ]
tmx_keys s5 C-d

# --- session 6: ~/.editrc is read after our bindings; vi mode keeps Tab ------------------
mkdir -p "$work/home-emacs" "$work/home-vi"
printf 'lineedit-demo:bind ^X ed-move-to-beg\n' > "$work/home-emacs/.editrc"
printf 'bind -v\n' > "$work/home-vi/.editrc"
tmx_start s6 HOME="$work/home-emacs" -- "$DEMO"
tmx_wait s6 '>>> '
tmx_type s6 'abc'; tmx_keys s6 C-x; enter s6 'Z'
tmx_expect s6 'got: Zabc' "~/.editrc bindings apply"
tmx_keys s6 C-d
tmx_start s7 HOME="$work/home-vi" -- "$DEMO"
tmx_wait s7 '>>> '
tmx_type s7 'net.conv1.w'; tmx_keys s7 Tab Escape; tmx_type s7 '0iX'; tmx_keys s7 Enter
tmx_expect s7 'got: Xnet.conv1.weight' "vi mode from ~/.editrc: Tab completes and ESC still works"
tmx_keys s7 C-d

# --- session 8: TERM=dumb -------------------------------------------------------------------
tmx_start s8 TERM=dumb -- "$DEMO"
tmx_wait s8 '>>> '
enter s8 'plain'
tmx_expect s8 'got: plain' "TERM=dumb: line editing works"
tmx_check "TERM=dumb: no bracketed-paste escapes on screen" [ "$(tmx_count s8 '2004')" -eq 0 ]
tmx_keys s8 C-d

# --- session 9: narrow window --------------------------------------------------------------
tmx_start s9 -- "$DEMO"
tmx_wait s9 '>>> '
tmx resize-window -t s9 -x 30 -y 20; tmx_settle
tmx_type s9 'net.'; tmx_keys s9 Tab Tab
tmx_expect s9 'net.conv1.weight' "listing after a resize"
tmx_check "listing sized to the new width (one name per line)" [ "$(tmx_count s9 'net.conv1.bias')" -eq 1 ] 
tmx_check "no listing line wider than the window" [ "$(tmx_visible s9 | awk '{ if (length($0) > 29) n++ } END { print n + 0 }')" -eq 0 ]
tmx_keys s9 C-u C-d

# --- stdin not a terminal -------------------------------------------------------------------
out=$(printf 'one\ntwo\n' | "$DEMO" 2>&1)
tmx_check "stdin piped: no editor, plain lines" [ "$out" = "$(printf 'not a terminal\ngot: one\ngot: two')" ]

tmx_summary
