#!/usr/bin/env bash
# A/B of two checkouts on the dense MNIST VAE epoch (784-400-20, batch 128, all 60,000 training images, dynamic
# binarisation, no validation), with the PyTorch peer in the same invocation: ROUNDS interleaved rounds, each running
# A and B with the default threads and with --threads 1, then the peer (2 torch threads). Prints each run's median
# epoch time over epochs 2..E and, per setting, the medians over the rounds with B/A and each side's ratio to the peer.
# For deciding whether a change to the training loop pays; run nothing else beside it.
# Usage: bench/ab-dense.sh A_ROOT B_ROOT [--rounds R] [--epochs E]
#   A_ROOT, B_ROOT  two checkouts of vaekit (their launchers build them when needed)
#   --rounds R      interleaved rounds (default 2)
#   --epochs E      epochs per vaekit run, epoch 1 the warm-up (default 4); the peer runs E - 1
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
A="$(cd "$1" && pwd)" B="$(cd "$2" && pwd)"
shift 2
ROUNDS=2 EPOCHS=4
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --epochs) EPOCHS="$2"; shift 2 ;;
        *) echo "ab-dense: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$EPOCHS" -ge 3 ] || { echo "ab-dense: need at least 3 epochs (1 is warm-up)" >&2; exit 2; }
R="$ROOT/bench/results/ab-dense"
rm -rf "$R" && mkdir -p "$R"
DATA_ROOT="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
"$ROOT/bench/setup-peer.sh" > /dev/null
"$A/vaekit" --help > /dev/null
"$B/vaekit" --help > /dev/null
{
    echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores; load before:" \
        "$(cut -d' ' -f1-3 /proc/loadavg); date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "A: $A at $(git -C "$A" rev-parse --short HEAD); B: $B at $(git -C "$B" rev-parse --short HEAD)"
    echo "jdk: $("$A/vaekit" --which-java)"
} | tee "$R/machine.txt"

vaekit_run() { # ROOT TAG [options]
    local root=$1 tag=$2
    shift 2
    rm -rf "$R/run"
    "$root/vaekit" train --dataset mnist --validation 0 --hidden 400 --latent-dim 20 --epochs "$EPOCHS" \
        --batch-size 128 --seed 1 --quiet --out "$R/run" "$@" > "$R/$tag.log" 2>&1
    cp "$R/run/metrics.jsonl" "$R/$tag.jsonl"
    rm -rf "$R/run"
}
for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
        root=$A
        [ "$side" = B ] && root=$B
        echo "[ab-dense] round $round: $side default, $side --threads 1" >&2
        vaekit_run "$root" "$side-default-$round"
        vaekit_run "$root" "$side-threads1-$round" --threads 1
    done
    echo "[ab-dense] round $round: peer" >&2
    # shellcheck disable=SC1091
    ( . "$ROOT/bench/.peer/env.sh" && exec /usr/bin/python3 "$ROOT/bench/peer_vae.py" \
        --data-dir "$DATA_ROOT/mnist" --epochs $((EPOCHS - 1)) --batch-size 128 --seed 1 --threads 2 --k 1 \
        --eval-size 10 --json-out "$R/peer-$round.json" ) > "$R/peer-$round.log" 2>&1
done

/usr/bin/python3 - "$R" "$ROUNDS" <<'PY' | tee "$R/report.txt"
import json, statistics, sys
R, rounds = sys.argv[1], int(sys.argv[2])
def run(tag):
    return statistics.median(json.loads(l)["seconds"] for l in list(open(f"{R}/{tag}.jsonl"))[1:])
peer = [statistics.median(json.load(open(f"{R}/peer-{r}.json"))["epochSeconds"][1:]) for r in range(1, rounds + 1)]
print("peer s/epoch per round: " + ", ".join(f"{p:.2f}" for p in peer))
p = statistics.median(peer)
for setting in ("default", "threads1"):
    a = [run(f"A-{setting}-{r}") for r in range(1, rounds + 1)]
    b = [run(f"B-{setting}-{r}") for r in range(1, rounds + 1)]
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{setting:9s} A {' '.join(f'{x:.2f}' for x in a)} (median {ma:.2f}, {ma / p:.3f}x peer)   "
          f"B {' '.join(f'{x:.2f}' for x in b)} (median {mb:.2f}, {mb / p:.3f}x peer)   B/A {mb / ma:.3f}")
PY
