#!/usr/bin/env bash
# Issue 31's colour benchmark: a conv VAE (configs/coloured-conv-vae.yaml) and Glow (configs/coloured-glow.yaml) on
# coloured MNIST, a generated, deterministic colour image set (dev.vaekit.data.ColouredMnist: MNIST's 60,000 training
# digits in random colours on random flat, striped, checked or gradient backgrounds; no licensed colour collection of
# 10,000 or more images can be had from the registries vaekit reaches). The folder's fixed 10% test split is scored.
#
# Usage: bench/coloured-mnist.sh [--minutes M] [--size S] [--only conv|glow] [--seconds-per-epoch S]
#   --minutes M  training budget per model (default 45), turned into epochs by bench/train-config.sh's probe
#   --size S     image side (default 32)
#   --only X     train one of the two
#   --seconds-per-epoch S  the epoch time that turns the budget into epochs, instead of a 1-epoch probe run (the
#                probe costs a whole epoch: for Glow, tens of minutes)
# Prints, per model, bits/dim ± standard error with its estimator (k, test images) and writes 64 samples to
# bench/results/coloured-<model>-samples.png (Glow at temperature 0.7, as its paper shows them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MINUTES=45
SIZE=32
ONLY=""
SPE=()
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift ;;
        --size) SIZE="$2"; shift ;;
        --only) ONLY="$2"; shift ;;
        --seconds-per-epoch) SPE=(--seconds-per-epoch "$2"); shift ;;
        *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
FOLDER="bench/results/coloured-mnist-$SIZE"
[ -d "$FOLDER" ] || bench/image-folders.sh --colour --dataset mnist --split train --size "$SIZE" --count 60000 \
    --out "$FOLDER"
for model in conv-vae glow; do
    [ -n "$ONLY" ] && [ "${model%-vae}" != "$ONLY" ] && continue
    name="coloured-$model"
    if [ "$model" = glow ]; then k=1; temperature=0.7; else k=100; temperature=1; fi
    bench/train-config.sh "configs/$name.yaml" --minutes "$MINUTES" ${SPE[@]+"${SPE[@]}"} --k "$k" --name "$name" -- \
        --dataset "folder:$FOLDER" --image-size "$SIZE"
    ./vaekit sample "bench/results/$name" --n 64 --temperature "$temperature" -o "bench/results/$name-samples.png"
done
python3 - "$SIZE" <<'PY'
import json, math, os, sys
size = int(sys.argv[1])
dims = 3 * size * size
print(f"\ncoloured MNIST {size}x{size} (3 x {size} x {size} = {dims} values per image)")
for name in ("coloured-conv-vae", "coloured-glow"):
    path = f"bench/results/{name}-eval.json"
    if not os.path.exists(path):
        continue
    r = json.load(open(path))
    se = r["nllStdErr"] / (dims * math.log(2))
    print(f"{name:18s} {r['bitsPerDim']:.4f} ± {se:.4f} bits/dim  (NLL {r['nll']:.1f} ± {r['nllStdErr']:.1f} nats; "
          f"{r['estimator']}; {r['testSize']} test images; {r['epochsDone']} epochs)")
PY
