#!/usr/bin/env bash
# Burda et al.'s one-stochastic-layer VAE (configs/burda-vae.yaml) trained for as many epochs as fit in a time budget,
# then evaluated with k = 5000 importance samples on all 10,000 test images.
#
# Usage: bench/burda-vae.sh [--minutes M] [--seconds-per-epoch S] [--k K] [--eval-size N]
#   --minutes M            training budget (default 100)
#   --seconds-per-epoch S  measured epoch time used to turn the budget into epochs (default: measured by a 2-epoch
#                          probe run first)
# The learning rate decays tenfold over the epochs (exponential schedule, lrDecay = 0.1^(1/epochs)).
# Results: bench/results/burda-vae/ (run folder) and bench/results/burda-vae-eval.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MINUTES=100
SPE=""
K=5000
EVAL_SIZE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift ;;
        --seconds-per-epoch) SPE="$2"; shift ;;
        --k) K="$2"; shift ;;
        --eval-size) EVAL_SIZE="$2"; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "burda-vae: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
OUT=bench/results/burda-vae
mkdir -p bench/results
if [ -z "$SPE" ]; then
    rm -rf bench/results/burda-probe
    ./vaekit train --config configs/burda-vae.yaml --epochs 2 --out bench/results/burda-probe --quiet >/dev/null
    SPE=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["seconds"])' \
        bench/results/burda-probe/metrics.jsonl)
    rm -rf bench/results/burda-probe
fi
EPOCHS=$(/usr/bin/python3 -c "import sys; print(max(1, int($MINUTES * 60 / ($SPE * 1.05))))")
DECAY=$(/usr/bin/python3 -c "print(0.1 ** (1 / $EPOCHS))")
echo "[burda-vae] ${SPE} s/epoch measured -> $EPOCHS epochs in $MINUTES min, lrDecay $DECAY" >&2
if [ -f "$OUT/manifest.json" ]; then
    ./vaekit train --out "$OUT" --resume --epochs "$EPOCHS"
else
    ./vaekit train --config configs/burda-vae.yaml --epochs "$EPOCHS" --lr-decay "$DECAY" --out "$OUT"
fi
./vaekit eval "$OUT" --k "$K" --eval-size "$EVAL_SIZE" --json | tee bench/results/burda-vae-eval.json
