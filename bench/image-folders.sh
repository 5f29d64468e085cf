#!/usr/bin/env bash
# Writes the image folders for issue 31's measurements (it times nothing itself): MNIST's 60,000 training images as
# grey PNG files in class folders, the same bytes as the IDX files, for the "folder versus IDX epoch time" benchmark;
# or, with --colour, a coloured MNIST set (dev.vaekit.data.ColouredMnist: digits in random colours on random colour
# backgrounds, stripes, checks or gradients, seeded per image), e.g. 100,000 images of 64x64 for the memory benchmark.
#
# Usage: bench/image-folders.sh [--dataset mnist|fashion-mnist|mnist-mini] [--split train|test] [--out DIR]
#                               [--colour [--size S] [--count N]] [--seed N]
#   default:  grey MNIST train (60,000 PNGs)  -> bench/results/mnist-png/
#   --colour: coloured, size 64, 100,000 images -> bench/results/coloured-mnist-64/   (--size, --count change them)
# MNIST's IDX files are read from vaekit's data roots (scripts/fetch-datasets.sh fills the cache); mnist-mini is
# embedded and needs nothing. The folder must be new or empty.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATASET=mnist
SPLIT=train
OUT=""
COLOUR=0
SIZE=64
COUNT=""
SEED=""
while [ $# -gt 0 ]; do
    case "$1" in
        --dataset) DATASET="$2"; shift ;;
        --split) SPLIT="$2"; shift ;;
        --out) OUT="$2"; shift ;;
        --colour) COLOUR=1 ;;
        --size) SIZE="$2"; shift ;;
        --count) COUNT="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
args=(--dataset "$DATASET" --split "$SPLIT")
if [ "$COLOUR" = 1 ]; then
    OUT="${OUT:-bench/results/coloured-mnist-$SIZE}"
    args+=(--size "$SIZE" --count "${COUNT:-100000}")
else
    OUT="${OUT:-bench/results/mnist-png}"
    args+=(--grey)
    [ -n "$COUNT" ] && args+=(--count "$COUNT")
fi
[ -n "$SEED" ] && args+=(--seed "$SEED")
./vaekit --help >/dev/null  # builds the command-line jar when its sources changed
JAVA="$(./vaekit --which-java | cut -d: -f1)"
"$JAVA" -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar dev.vaekit.data.ColouredMnist --out "$OUT" "${args[@]}"
