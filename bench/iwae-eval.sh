#!/usr/bin/env bash
# The importance-sampled evaluation alone (issue 32: 3.40x the peer on an AMD EPYC VM, 1.11x on a Xeon): the dense
# 784-400-20 MNIST VAE trained for one epoch by each side, then log p(x) with k importance samples on the first N test
# images, vaekit (default threads, and each fixed --threads) and the PyTorch peer back to back. Prints the evaluation
# seconds (vaekit's `eval --json` "seconds", the peer's NLL part; both without start-up and data loading), the ratio to
# the peer, and vaekit's CPU seconds and page faults per run; machine, date and commit first.
# Usage: bench/iwae-eval.sh [--k K] [--eval-size N]   (defaults 5000 and 1000, as bench/perf.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
K=5000
N=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --k) K="$2"; shift ;;
        --eval-size) N="$2"; shift ;;
        *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
R=bench/results/iwae-eval
rm -rf "$R" && mkdir -p "$R"
DATA_ROOT="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
[ -e "$DATA_ROOT/mnist/t10k-images-idx3-ubyte" ] || [ -e "$DATA_ROOT/mnist/t10k-images-idx3-ubyte.gz" ] \
    || scripts/fetch-datasets.sh "$DATA_ROOT"
bench/setup-peer.sh >/dev/null
CORES=$(nproc)
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $CORES cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- || echo '-dirty');" \
    "$(./vaekit --which-java)"
echo "k = $K, $N test images"
./vaekit train --dataset mnist --validation 0 --hidden 400 --latent-dim 20 --epochs 1 --batch-size 128 --seed 1 \
    --quiet --out "$R/run" >/dev/null 2>&1
printf '%-28s %10s %8s %10s %12s\n' "" "eval s" "/ peer" "CPU s" "page faults"
# shellcheck disable=SC1091
( . bench/.peer/env.sh && exec /usr/bin/python3 bench/peer_vae.py --data-dir "$DATA_ROOT/mnist" --epochs 1 \
    --batch-size 128 --seed 1 --threads "$CORES" --k "$K" --eval-size "$N" --json-out "$R/peer.json" ) \
    >"$R/peer.log" 2>&1
PEER=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nllSeconds"])' "$R/peer.json")
printf '%-28s %10.2f %8s\n' "PyTorch peer ($CORES threads)" "$PEER" "1.00x"
for t in default $(seq 1 "$CORES"); do
    opts=(); [ "$t" = default ] || opts=(--threads "$t")
    /usr/bin/time -f '%U %S %R' -o "$R/time-$t.txt" ./vaekit eval "$R/run" --k "$K" --eval-size "$N" --json \
        ${opts[@]+"${opts[@]}"} >"$R/vaekit-$t.json" 2>"$R/vaekit-$t.log"
    /usr/bin/python3 - "$R/vaekit-$t.json" "$R/time-$t.txt" "$PEER" "$t" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["seconds"]
user, system, faults = open(sys.argv[2]).read().split()[-3:]
name = "vaekit " + ("default" if sys.argv[4] == "default" else f"--threads {sys.argv[4]}")
print(f"{name:28s} {s:10.2f} {s / float(sys.argv[3]):7.2f}x {float(user) + float(system):10.2f} {int(faults):12d}")
PY
done
