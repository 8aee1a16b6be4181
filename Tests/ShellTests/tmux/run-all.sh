#!/usr/bin/env bash
# Runs every tmux-driven test of the shell against NNREPL_BIN (or $1).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
bin=${1:-${NNREPL_BIN:-}}
status=0
"$here/nnrepl-shell.sh" "$bin" || status=1
"$here/nnrepl-teaching.sh" "$bin" || status=1
"$here/nnrepl-views.sh" "$bin" || status=1
"$here/nnrepl-progress.sh" "$bin" || status=1
"$here/nnrepl-interrupt.sh" "$bin" || status=1
exit $status
