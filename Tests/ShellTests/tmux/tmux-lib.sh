# shellcheck shell=bash
# Helpers for driving an interactive program under tmux: start it in a detached 100x30
# session, send keys, wait for text on the screen, capture it. Source this file from a test:
#
#   . "$(dirname "$0")/tmux-lib.sh"
#   tmx_start s1 NNREPL_HISTORY="$dir/h" -- ./nnrepl
#   tmx_wait s1 '>>> ' || tmx_fail "no prompt"
#   tmx_type s1 'x = 1'; tmx_keys s1 Enter
#   tmx_summary            # prints PASS/FAIL counts, returns 1 if anything failed
#
# All sessions live on a private tmux server (socket $TMX_SOCKET), never the user's own;
# call tmx_cleanup at exit (tmx_start installs a trap for it).

TMX_SOCKET=${TMX_SOCKET:-nntest-$$}
TMX_TIMEOUT=${TMX_TIMEOUT:-5}     # seconds tmx_wait waits by default
TMX_WIDTH=${TMX_WIDTH:-100}
TMX_HEIGHT=${TMX_HEIGHT:-30}
TMX_PASSED=0
TMX_FAILED=0

# tmux on the private server, ignoring the user's ~/.tmux.conf.
tmx() { tmux -L "$TMX_SOCKET" -f /dev/null "$@"; }

# tmx_start SESSION [VAR=value ...] -- COMMAND [ARG ...]
# Runs COMMAND with the variables in a detached window; when it ends, the window shows
# "EXIT=<status>" and stays open, so the final screen can still be checked.
tmx_start() {
    local session=$1; shift
    local envs=() cmd=() arg
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    cmd=("$@")
    local line="env"
    for arg in "${envs[@]}"; do line+=" $(printf '%q' "$arg")"; done
    for arg in "${cmd[@]}"; do line+=" $(printf '%q' "$arg")"; done
    line+='; echo "EXIT=$?"; sleep 100000'
    if ! tmx has-session 2>/dev/null; then trap tmx_cleanup EXIT; fi
    tmx new-session -d -s "$session" -x "$TMX_WIDTH" -y "$TMX_HEIGHT" "bash -c $(printf '%q' "$line")"
    tmx set-option -t "$session" status off >/dev/null      # all 30 rows for the program
}

# tmx_keys SESSION KEY ...   tmux key names: Enter Tab Up Down Left C-r C-c C-d BSpace ...
tmx_keys() { local s=$1; shift; tmx send-keys -t "$s" "$@"; }

# tmx_type SESSION TEXT      types TEXT literally (no key-name interpretation)
tmx_type() { tmx send-keys -t "$1" -l -- "$2"; }

# tmx_screen SESSION [-e]    the screen plus scrollback, wrapped lines joined (-e: keep colours)
tmx_screen() { tmx capture-pane -t "$1" -p -J -S - ${2:+"$2"}; }

# tmx_visible SESSION        only the 30 visible rows, unjoined (what the user sees)
tmx_visible() { tmx capture-pane -t "$1" -p; }

# tmx_count SESSION TEXT     how many screen lines contain TEXT (fixed string)
tmx_count() { tmx_screen "$1" | grep -cF -- "$2"; }

# tmx_has_line SESSION LINE  whether some screen line is exactly LINE (trailing blanks ignored)
tmx_has_line() { tmx_screen "$1" | sed 's/[[:space:]]*$//' | grep -qxF -- "$2"; }

# tmx_wait_line SESSION LINE [TIMEOUT]   waits for a line that is exactly LINE
tmx_wait_line() {
    local s=$1 line=$2 timeout=${3:-$TMX_TIMEOUT}
    local deadline=$((SECONDS + timeout))
    while :; do
        tmx_has_line "$s" "$line" && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# tmx_wait SESSION TEXT [TIMEOUT] [MIN]
# Waits until at least MIN (default 1) lines contain TEXT. Returns 1 on timeout.
tmx_wait() {
    local s=$1 text=$2 timeout=${3:-$TMX_TIMEOUT} min=${4:-1}
    local deadline=$((SECONDS + timeout))
    while :; do
        [ "$(tmx_count "$s" "$text")" -ge "$min" ] && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# tmx_wait_re SESSION EXTENDED-REGEX [TIMEOUT]
tmx_wait_re() {
    local s=$1 re=$2 timeout=${3:-$TMX_TIMEOUT}
    local deadline=$((SECONDS + timeout))
    while :; do
        tmx_screen "$s" | grep -qE -- "$re" && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# tmx_settle [SECONDS]       pause so the program can react to keys (default 0.3 s)
tmx_settle() { sleep "${1:-0.3}"; }

# tmx_cursor SESSION         "x y" of the cursor (0-based)
tmx_cursor() { tmx display-message -t "$1" -p '#{cursor_x} #{cursor_y}'; }

# tmx_last_line SESSION      the last non-empty visible line (usually the prompt line)
tmx_last_line() { tmx_visible "$1" | awk 'NF { last = $0 } END { print last }'; }

# tmx_paste SESSION FILE     pastes FILE as a terminal would with bracketed paste
# (paste-buffer -p wraps it in ESC[200~ ... ESC[201~ when the program asked for that).
tmx_paste() {
    tmx load-buffer -b tmxpaste "$2" && tmx paste-buffer -t "$1" -b tmxpaste -p -d
}

tmx_stop() { tmx kill-session -t "$1" 2>/dev/null || true; }
tmx_cleanup() { tmx kill-server 2>/dev/null || true; }

# Result bookkeeping -------------------------------------------------------------------
tmx_pass() { TMX_PASSED=$((TMX_PASSED + 1)); echo "PASS: $1"; }
# tmx_fail DESCRIPTION [SESSION]   also prints the session's screen to explain the failure
tmx_fail() {
    TMX_FAILED=$((TMX_FAILED + 1)); echo "FAIL: $1"
    if [ -n "${2:-}" ]; then echo "----- screen of $2 -----"; tmx_screen "$2" | sed 's/^/| /'; echo "-----"; fi
}
# tmx_expect SESSION TEXT DESCRIPTION [TIMEOUT]   waits for TEXT, records PASS or FAIL
tmx_expect() {
    if tmx_wait "$1" "$2" "${4:-$TMX_TIMEOUT}"; then tmx_pass "$3"; else tmx_fail "$3 (waited for: $2)" "$1"; fi
}
# tmx_expect_line SESSION LINE DESCRIPTION [TIMEOUT]   same, for an exact line
tmx_expect_line() {
    if tmx_wait_line "$1" "$2" "${4:-$TMX_TIMEOUT}"; then tmx_pass "$3"; else tmx_fail "$3 (waited for the line: $2)" "$1"; fi
}
# tmx_check DESCRIPTION COMMAND [ARG ...]   records PASS if COMMAND succeeds
tmx_check() { local d=$1; shift; if "$@"; then tmx_pass "$d"; else tmx_fail "$d"; fi; }
tmx_summary() {
    echo "tmux: $TMX_PASSED passed, $TMX_FAILED failed"
    [ "$TMX_FAILED" -eq 0 ]
}
