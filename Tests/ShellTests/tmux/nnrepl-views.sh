#!/usr/bin/env bash
# The teaching views on a real terminal: colour escapes by terminal depth (truecolour,
# 256 colours, 8 colours) for %show, %grads and %plot; half-block pictures; none with
# NO_COLOR or when piped; %trace stepping with Enter, s (show) and q (stop) at the prompt.
# usage: nnrepl-views.sh /path/to/nnrepl
set -u
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tmux-lib.sh"
bin=${1:-${NNREPL_BIN:-}}
[ -x "$bin" ] || { echo "usage: $0 /path/to/nnrepl"; exit 2; }
work=$(mktemp -d)
trap 'tmx_cleanup; rm -rf "$work"' EXIT
TMX_HEIGHT=50

cat > "$work/lenet.py" <<'PY'
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 16 * 6 * 6)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
net = Net()
input = torch.randn(1, 1, 32, 32)
loss = nn.MSELoss()(net(input), torch.randn(1, 10))
loss.backward()
losses = [1.0, 0.5, 0.25, 0.125]
PY

# screen with colours, joined
colours() { tmx capture-pane -t "$1" -p -e -J -S -; }
has_seq() { colours "$1" | grep -qF -- "$2"; }
no_escape() { ! colours "$1" | grep -q $'\e\\['"[34]8;"; }

run_views() {   # SESSION: types the views at the prompt
    tmx_wait "$1" '>>> ' 10 || tmx_fail "prompt ($1)" "$1"
    tmx_type "$1" '%show net.conv1.weight'; tmx_keys "$1" Enter
    tmx_wait "$1" 'zeros 0.0%' 10 || tmx_fail "%show finished ($1)" "$1"
    tmx_type "$1" '%show F.relu(net.conv1(input))[0, :2]'; tmx_keys "$1" Enter
    tmx_wait "$1" 'zeros 48.6%' 10 || tmx_fail "%show maps finished ($1)" "$1"
    tmx_type "$1" '%grads net'; tmx_keys "$1" Enter
    tmx_wait "$1" 'smallest mean|g|' 10 || tmx_fail "%grads finished ($1)" "$1"
    tmx_type "$1" '%plot losses'; tmx_keys "$1" Enter
    tmx_wait "$1" '4 values, first' 10 || tmx_fail "%plot finished ($1)" "$1"
}

# --- truecolour ------------------------------------------------------------------------------
tmx_start tc NNREPL_HISTORY="$work/history" NO_COLOR= TERM=xterm-256color COLORTERM=truecolor -- "$bin" -i "$work/lenet.py"
run_views tc
tmx_check "truecolour: kernel cells get 24-bit backgrounds" has_seq tc $'\e[48;2;'
tmx_check "truecolour: a negative kernel value sits on orange" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t tc -p -e -J -S - | grep -qE $'\e\\\\[48;2;24[0-9];1[0-9][0-9];[0-9]+m -0\\\\.3184'"
tmx_check "truecolour: feature maps are half-blocks" has_seq tc '▀'
tmx_check "truecolour: %grads bars are blue" has_seq tc $'\e[38;2;8;119;189m'
tmx_check "truecolour: the legend shows a colour strip" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t tc -p -J -S - | grep -qF 'orange < 0 < blue'"
tmx_keys tc C-d

# --- 256 colours -----------------------------------------------------------------------------
tmx_start p256 NNREPL_HISTORY="$work/history" NO_COLOR= COLORTERM= TERM=xterm-256color -- "$bin" -i "$work/lenet.py"
run_views p256
tmx_check "256 colours: palette backgrounds" has_seq p256 $'\e[48;5;'
tmx_check "256 colours: no 24-bit codes" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t p256 -p -e -J -S - | grep -qF $'\e[48;2;'"
tmx_keys p256 C-d

# --- 8 colours -------------------------------------------------------------------------------
tmx_start b8 NNREPL_HISTORY="$work/history" NO_COLOR= COLORTERM= TERM=xterm -- "$bin" -i "$work/lenet.py"
run_views b8
tmx_check "8 colours: basic colour codes only" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t b8 -p -e -J -S - | grep -qE $'\e\\\\[3[0-7]m' && ! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t b8 -p -e -J -S - | grep -qE $'\e\\\\[(38|48);[25];'"
tmx_check "8 colours: pictures fall back to the character ramp" bash -c "! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t b8 -p -J -S - | grep -qF '▀'"
tmx_keys b8 C-d

# --- NO_COLOR and pipes ----------------------------------------------------------------------
tmx_start nc NNREPL_HISTORY="$work/history" NO_COLOR=1 TERM=xterm-256color COLORTERM=truecolor -- "$bin" -i "$work/lenet.py"
run_views nc
tmx_check "NO_COLOR: no colour escapes at all" no_escape nc
tmx_keys nc C-d
printf '%%show net.conv1.weight\n%%grads net\n' >> "$work/piped.py"
piped_plain() { TERM=xterm-256color COLORTERM=truecolor NO_COLOR= "$bin" < <(cat "$work/lenet.py" "$work/piped.py") | cat > "$work/piped.out"; ! grep -q $'\e' "$work/piped.out" && grep -qF -- '-0.3184' "$work/piped.out"; }
tmx_check "piped: plain text, no escapes" piped_plain

# --- %trace at the prompt: Enter, s, q ---------------------------------------------------------
tmx_start tr NNREPL_HISTORY="$work/history" NO_COLOR= TERM=xterm-256color -- "$bin" -i "$work/lenet.py"
tmx_wait tr '>>> ' 10 || tmx_fail "prompt (trace)" tr
tmx_type tr '%trace net(input)'; tmx_keys tr Enter
tmx_expect tr 'Enter: next step' "%trace waits after the first step"
tmx_check "only the first step is shown" bash -c "tmux -L $TMX_SOCKET -f /dev/null capture-pane -t tr -p -J -S - | grep -q 'net.conv1 Conv2d' && ! tmux -L $TMX_SOCKET -f /dev/null capture-pane -t tr -p -J -S - | grep -qF 'F.relu'"
tmx_keys tr Enter
tmx_expect tr 'F.relu(…)' "Enter runs the next step"
tmx_keys tr s
tmx_expect tr 'step 2  [1, 6, 30, 30]' "s shows the step's output as a picture"
tmx_keys tr q
tmx_expect tr 'stopped after step 2' "q stops the trace"
tmx_type tr 'net.training'; tmx_keys tr Enter
tmx_expect_line tr 'True' "the session is as before (training mode kept)"
tmx_keys tr C-d

tmx_summary
