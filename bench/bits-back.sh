#!/usr/bin/env bash
# Lossless compression of the 10,000 MNIST test images with trained vaekit VAEs by bits-back coding (BB-ANS,
# `vaekit compress`), binarized and 8-bit: the achieved bits/dim against the model's -ELBO and importance-sampled
# NLL (`vaekit eval`), beside PNG, gzip, bzip2 and xz of the same images (bench/BitsBackBaselines.java), encode and
# decode throughput, and whether files are the same across runs and thread counts. Not a test: it takes minutes to
# hours. Prints the report and writes bench/results/bits-back/report.md and report.json.
#
# Usage: bench/bits-back.sh [--train] [--n N] [--threads T] [--k-binary K] [--k-eight-bit K]
#   --train          train the two models first if their run folders are missing (recipes below)
#   --n N            the first N test images only (a smoke run; default all 10,000)   env N
#   --threads T      libtorch threads of every command (default 1; coding itself always uses 1)  env THREADS
#   --k-binary K     importance samples of the binary model's NLL (default 1000)     env K_BINARY
#   --k-eight-bit K  importance samples of the 8-bit model's NLL (default 100)       env K_EIGHT_BIT
# Run folders (env): BINARY_RUN (default bench/results/bits-back-dense), EIGHT_BIT_RUN (bench/results/bits-back-dlog).
#
# Recipes (--train): the binary model is bench/dense-vae.sh's 784-400-20 ReLU VAE, Bernoulli likelihood, dynamic
# binarization, no validation split, estimator B, Adam 1e-3, batch 128, seed 1, DENSE_EPOCHS (default 50) epochs; the
# 8-bit one is configs/discretized-logistic.yaml (784-400-20, 5 logistics per pixel) for DLOG_EPOCHS (default 5)
# epochs, seed 1. The test images are those `vaekit eval` scores: binarized once with the run's seed, or 8-bit as
# they are.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3

N="${N:-0}"
THREADS="${THREADS:-1}"
K_BINARY="${K_BINARY:-1000}"
K_EIGHT_BIT="${K_EIGHT_BIT:-100}"
BINARY_RUN="${BINARY_RUN:-bench/results/bits-back-dense}"
EIGHT_BIT_RUN="${EIGHT_BIT_RUN:-bench/results/bits-back-dlog}"
DENSE_EPOCHS="${DENSE_EPOCHS:-50}"
DLOG_EPOCHS="${DLOG_EPOCHS:-5}"
TRAIN=0

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --train) TRAIN=1 ;;
        --n) N="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --k-binary) K_BINARY="$2"; shift ;;
        --k-eight-bit) K_EIGHT_BIT="$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bits-back: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

RESULTS="$ROOT/bench/results/bits-back"
mkdir -p "$RESULTS"
log() { echo "[bits-back] $*" >&2; }
vaekit() { ./vaekit "$@" --threads "$THREADS"; }

[ -x ./vaekit ] || { log "ERROR: ./vaekit launcher not found"; exit 1; }
DATA_ROOT="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
if [ ! -e "$DATA_ROOT/mnist/t10k-images-idx3-ubyte" ] && [ ! -e "$DATA_ROOT/mnist/t10k-images-idx3-ubyte.gz" ]; then
    log "MNIST missing in $DATA_ROOT/mnist; running scripts/fetch-datasets.sh"
    scripts/fetch-datasets.sh "$DATA_ROOT"
fi

# ---- models -----------------------------------------------------------------------------------------------------
if [ ! -e "$BINARY_RUN/manifest.json" ]; then
    [ "$TRAIN" = 1 ] || { log "ERROR: no run in $BINARY_RUN (use --train)"; exit 1; }
    log "training the binary model ($DENSE_EPOCHS epochs) into $BINARY_RUN"
    vaekit train --dataset mnist --binarize dynamic --validation 0 \
        --hidden 400 --latent-dim 20 --activation relu --likelihood bernoulli \
        --estimator B --samples 1 --epochs "$DENSE_EPOCHS" --batch-size 128 --lr 1e-3 \
        --seed 1 --out "$BINARY_RUN"
fi
if [ ! -e "$EIGHT_BIT_RUN/manifest.json" ]; then
    [ "$TRAIN" = 1 ] || { log "ERROR: no run in $EIGHT_BIT_RUN (use --train)"; exit 1; }
    log "training the 8-bit model ($DLOG_EPOCHS epochs) into $EIGHT_BIT_RUN"
    vaekit train --config configs/discretized-logistic.yaml --epochs "$DLOG_EPOCHS" --seed 1 --out "$EIGHT_BIT_RUN"
fi

# ---- machine ------------------------------------------------------------------------------------------------------
export BENCH_CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)"
export BENCH_NPROC="$(nproc)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
if BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null)"; then
    git diff --quiet HEAD -- 2>/dev/null || BENCH_COMMIT="$BENCH_COMMIT-dirty"
else
    BENCH_COMMIT=unknown
fi
export BENCH_COMMIT BENCH_THREADS="$THREADS"
log "machine: $BENCH_CPU, $BENCH_NPROC cores; $BENCH_DATE; load $BENCH_LOAD; commit $BENCH_COMMIT; --threads $THREADS"

CP="vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar:vaekit-cli/target/lib/*"
JAVA="$(./vaekit --which-java | cut -d: -f1)"
LIMIT=()
EVAL_LIMIT=()
if [ "$N" != 0 ]; then LIMIT=(--n "$N"); EVAL_LIMIT=(--eval-size "$N"); fi

# ---- each model: eval, compress, decompress, baselines --------------------------------------------------------------
for spec in "binary:$BINARY_RUN:$K_BINARY" "eight-bit:$EIGHT_BIT_RUN:$K_EIGHT_BIT"; do
    IFS=: read -r name run k <<< "$spec"
    log "$name: vaekit eval (k = $k)"
    vaekit eval "$run" --k "$k" "${EVAL_LIMIT[@]}" --json > "$RESULTS/$name-eval.json"
    log "$name: vaekit compress"
    rm -f "$RESULTS/$name.vbb" "$RESULTS/$name-test.npy"
    vaekit compress "$run" -i test "${LIMIT[@]}" -o "$RESULTS/$name.vbb" --json > "$RESULTS/$name-compress.json"
    cat "$RESULTS/$name-compress.json" >&2
    log "$name: vaekit decompress"
    vaekit decompress "$run" -i "$RESULTS/$name.vbb" -o "$RESULTS/$name-test.npy" --json \
        > "$RESULTS/$name-decompress.json"
    cat "$RESULTS/$name-decompress.json" >&2
    levels=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["levels"])' "$RESULTS/$name-compress.json")
    log "$name: baselines"
    "$JAVA" -XX:ActiveProcessorCount=1 -cp "$CP" bench/BitsBackBaselines.java "$RESULTS/$name-test.npy" "$levels" \
        > "$RESULTS/$name-baselines.json"
done

# ---- determinism: the first 500 test images twice with --threads 1, once with --threads 2 ----------------------------
for t in 1 1b 2; do
    ./vaekit compress "$BINARY_RUN" -i test --n 500 -o "$RESULTS/threads-$t.vbb" --threads "${t%b}" > /dev/null
done
same_runs=false; same_threads=false
cmp -s "$RESULTS/threads-1.vbb" "$RESULTS/threads-1b.vbb" && same_runs=true
cmp -s "$RESULTS/threads-1.vbb" "$RESULTS/threads-2.vbb" && same_threads=true
echo "{\"sameAcrossRuns\": $same_runs, \"sameAcrossThreads\": $same_threads}" > "$RESULTS/determinism.json"
log "determinism: two runs identical: $same_runs; --threads 1 vs 2 identical: $same_threads"

"$PY" bench/report_bits_back.py "$RESULTS"
