#!/usr/bin/env bash
# Trains any config for as many epochs as fit in a time budget, then reports log p(x) by importance sampling.
#
# Usage: bench/train-config.sh CONFIG [--minutes M] [--seconds-per-epoch S] [--k K] [--eval-size N] [--name NAME]
#                              [-- TRAIN-FLAGS...]
#   CONFIG                 a file in configs/, e.g. configs/conv-vae.yaml
#   --minutes M            training budget (default 30)
#   --seconds-per-epoch S  epoch time used to turn the budget into epochs (default: measured by a 1-epoch probe)
#   --k K                  importance samples per test image (eval's default: 5000 for a VAE; for a flow on 8-bit
#                          data, dequantization draws, default 1)
#   --eval-size N          test images to score, 0 = all 10,000 (default 0)
#   --name NAME            results name (default: the config's file name without .yaml)
#   -- TRAIN-FLAGS         the rest goes to `vaekit train` (e.g. -- --samples 50), probe included
# The learning rate decays tenfold over the epochs (exponential schedule, lrDecay = 0.1^(1/epochs)), as the overall
# effect of Burda et al.'s schedule. A run folder that exists is resumed for the remaining epochs.
# Results: bench/results/NAME/ (run folder) and bench/results/NAME-eval.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
CONFIG="$1"
shift
[ -f "$CONFIG" ] || { echo "train-config: no such config $CONFIG" >&2; exit 2; }
NAME="$(basename "$CONFIG" .yaml)"
MINUTES=30
SPE=""
K=""
EVAL_SIZE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift ;;
        --seconds-per-epoch) SPE="$2"; shift ;;
        --k) K="$2"; shift ;;
        --eval-size) EVAL_SIZE="$2"; shift ;;
        --name) NAME="$2"; shift ;;
        --) shift; break ;;
        *) echo "train-config: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
EXTRA=("$@")
OUT="bench/results/$NAME"
mkdir -p bench/results
if [ -z "$SPE" ]; then
    PROBE="bench/results/$NAME-probe"
    rm -rf "$PROBE"
    ./vaekit train --config "$CONFIG" --epochs 1 --out "$PROBE" --quiet "${EXTRA[@]}" >/dev/null
    SPE=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["seconds"])' \
        "$PROBE/metrics.jsonl")
    rm -rf "$PROBE"
fi
EPOCHS=$(/usr/bin/python3 -c "import sys; print(max(1, int($MINUTES * 60 / ($SPE * 1.05))))")
DECAY=$(/usr/bin/python3 -c "print(0.1 ** (1 / $EPOCHS))")
echo "[$NAME] ${SPE} s/epoch measured -> $EPOCHS epochs in $MINUTES min, lrDecay $DECAY" >&2
if [ -f "$OUT/manifest.json" ]; then
    ./vaekit train --out "$OUT" --resume --epochs "$EPOCHS"
else
    ./vaekit train --config "$CONFIG" --epochs "$EPOCHS" --schedule exponential --lr-decay "$DECAY" --out "$OUT" \
        "${EXTRA[@]}"
fi
./vaekit eval "$OUT" ${K:+--k "$K"} --eval-size "$EVAL_SIZE" --json | tee "bench/results/$NAME-eval.json"
