#!/usr/bin/env bash
# Issue 31's folder measurement: the cost of training from a folder of PNG files (through vaekit's 8-bit image cache)
# against training from MNIST's IDX files, with the same model, flags and thread count.
#
# Usage: bench/folder-vs-idx.sh [--epochs E] [--threads T] [--folder DIR]
#   --epochs E   epochs per run (default 4; the first is left out of the mean as warm-up)
#   --threads T  libtorch threads for both runs (default 2; run on an otherwise idle machine)
#   --folder DIR the PNG folder (default bench/results/mnist-png, written by bench/image-folders.sh when missing)
# Prints the cache build rate (images/s, from a first run that builds the cache), then for each source the mean
# training examples per second over epochs 2..E and the ratio folder/IDX of seconds per example. Both runs train a
# dense VAE (the cheapest step, so reading costs show most) with dynamic binarization; the folder's split holds out
# a share of its images as a test set, so examples per second, not seconds per epoch, are compared. The folder is read
# as grey (--channels 1), as the IDX files are: a folder's default is 3 channels, which would triple the model's input.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EPOCHS=4
THREADS=2
FOLDER=bench/results/mnist-png
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) EPOCHS="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --folder) FOLDER="$2"; shift ;;
        *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
[ "$EPOCHS" -ge 2 ] || { echo "folder-vs-idx: --epochs must be at least 2" >&2; exit 2; }
[ -d "$FOLDER" ] || bench/image-folders.sh --out "$FOLDER"
OUT=bench/results/folder-vs-idx
rm -rf "$OUT" && mkdir -p "$OUT"
# a fresh image cache, so that the first folder run measures its build; MNIST is still found in the usual cache
export VAEKIT_DATA="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
export XDG_CACHE_HOME="$ROOT/$OUT/xdg"
common=(--hidden 400 --latent-dim 20 --binarize dynamic --patience 0 --threads "$THREADS" --seed 1 --quiet)

echo "== building the image cache (one epoch)"
./vaekit train --dataset "folder:$FOLDER" --channels 1 --epochs 1 "${common[@]}" --out "$OUT/build" 2>&1 | tee "$OUT/build.log" \
    | grep -E "cached|skipped|ignored" || true
for source in idx folder; do
    if [ "$source" = idx ]; then spec=(--dataset mnist); else spec=(--dataset "folder:$FOLDER" --channels 1); fi
    echo "== $source: $EPOCHS epochs from ${spec[*]}"
    ./vaekit train "${spec[@]}" --epochs "$EPOCHS" "${common[@]}" --out "$OUT/$source" >"$OUT/$source.log" 2>&1
done
python3 - "$OUT" <<'PY'
import json, re, sys, statistics
out = sys.argv[1]
build = open(f"{out}/build.log").read()
m = re.search(r"cached (\d+) images in ([\d.]+) s \((\d+) images/s\)", build)
if m:
    print(f"cache build: {m.group(1)} images in {m.group(2)} s = {m.group(3)} images/s")
rates = {}
for source in ("idx", "folder"):
    epochs = [json.loads(line) for line in open(f"{out}/{source}/metrics.jsonl")]
    r = [e["samplesPerSecond"] for e in epochs[1:]]
    rates[source] = statistics.mean(r)
    sd = statistics.stdev(r) if len(r) > 1 else 0.0
    print(f"{source:6s}: {rates[source]:8.0f} examples/s (mean of epochs 2..{len(epochs)}, sd {sd:.0f})")
print(f"folder / IDX seconds per example: {rates['idx'] / rates['folder']:.3f} (issue 31 asks at most 1.10)")
PY
