#!/usr/bin/env bash
# Lossless compression of the 10,000 MNIST test images with trained vaekit VAEs by bits-back coding (`vaekit
# compress`): BB-ANS with a one-layer VAE, binarized and 8-bit, and Bit-Swap and BB-ANS with a two-layer bottom-up
# VAE (binarized): the achieved bits/dim against the model's -ELBO and importance-sampled NLL (`vaekit eval`), beside
# PNG, gzip, bzip2 and xz of the same images (bench/BitsBackBaselines.java), the initial bits, encode and decode
# throughput, and whether files are the same across runs and thread counts. Not a test: it takes minutes to hours.
# Prints the report and writes bench/results/bits-back/report.md and report.json.
#
# Usage: bench/bits-back.sh [--train] [--n N] [--threads T] [--models LIST] [--k-binary K] [--k-eight-bit K]
#                           [--k-two-layer K]
#   --train          train the models first if their run folders are missing (recipes below)
#   --n N            the first N test images only (a smoke run; default all 10,000)   env N
#   --threads T      libtorch threads of every command (default 1; coding itself always uses 1)  env THREADS
#   --models LIST    which models, comma-separated: binary, eight-bit, two-layer (default all)  env MODELS
#   --k-binary K     importance samples of the binary model's NLL (default 1000)     env K_BINARY
#   --k-eight-bit K  importance samples of the 8-bit model's NLL (default 100)       env K_EIGHT_BIT
#   --k-two-layer K  importance samples of the two-layer model's NLL (default 1000)  env K_TWO_LAYER
# Run folders (env): BINARY_RUN (default bench/results/bits-back-dense), EIGHT_BIT_RUN (bench/results/bits-back-dlog),
# TWO_LAYER_RUN (bench/results/bits-back-burda2).
#
# Recipes (--train): the binary model is bench/dense-vae.sh's 784-400-20 ReLU VAE, Bernoulli likelihood, dynamic
# binarization, no validation split, estimator B, Adam 1e-3, batch 128, seed 1, DENSE_EPOCHS (default 50) epochs; the
# 8-bit one is configs/discretized-logistic.yaml (784-400-20, 5 logistics per pixel) for DLOG_EPOCHS (default 5)
# epochs, seed 1; the two-layer one is configs/burda-iwae-2layer.yaml (Burda et al. 2015's 784-200-200-(z_1 100)
# -100-100-(z_2 50) tanh, inferred bottom-up, Bernoulli, dynamic binarization, IWAE bound with k = 5, batch 20, Adam
# 1e-3) for BURDA_EPOCHS (default 5) epochs, seed 1, with --threads T. The test images are those `vaekit eval`
# scores: binarized once with the run's seed, or 8-bit as they are. The two-layer model is coded twice, by Bit-Swap
# and by BB-ANS over its two layers (`--scheme`): the same expected rate, different initial bits.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3

N="${N:-0}"
THREADS="${THREADS:-1}"
K_BINARY="${K_BINARY:-1000}"
K_EIGHT_BIT="${K_EIGHT_BIT:-100}"
K_TWO_LAYER="${K_TWO_LAYER:-1000}"
BINARY_RUN="${BINARY_RUN:-bench/results/bits-back-dense}"
EIGHT_BIT_RUN="${EIGHT_BIT_RUN:-bench/results/bits-back-dlog}"
TWO_LAYER_RUN="${TWO_LAYER_RUN:-bench/results/bits-back-burda2}"
DENSE_EPOCHS="${DENSE_EPOCHS:-50}"
DLOG_EPOCHS="${DLOG_EPOCHS:-5}"
BURDA_EPOCHS="${BURDA_EPOCHS:-5}"
MODELS="${MODELS:-binary,eight-bit,two-layer}"
TRAIN=0

usage() { sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --train) TRAIN=1 ;;
        --n) N="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --k-binary) K_BINARY="$2"; shift ;;
        --k-eight-bit) K_EIGHT_BIT="$2"; shift ;;
        --k-two-layer) K_TWO_LAYER="$2"; shift ;;
        --models) MODELS="$2"; shift ;;
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

wanted() { case ",$MODELS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for m in ${MODELS//,/ }; do
    case "$m" in binary|eight-bit|two-layer) ;; *) log "ERROR: unknown model $m in --models"; exit 2 ;; esac
done

# ---- models -----------------------------------------------------------------------------------------------------
if wanted binary && [ ! -e "$BINARY_RUN/manifest.json" ]; then
    [ "$TRAIN" = 1 ] || { log "ERROR: no run in $BINARY_RUN (use --train)"; exit 1; }
    log "training the binary model ($DENSE_EPOCHS epochs) into $BINARY_RUN"
    vaekit train --dataset mnist --binarize dynamic --validation 0 \
        --hidden 400 --latent-dim 20 --activation relu --likelihood bernoulli \
        --estimator B --samples 1 --epochs "$DENSE_EPOCHS" --batch-size 128 --lr 1e-3 \
        --seed 1 --out "$BINARY_RUN"
fi
if wanted eight-bit && [ ! -e "$EIGHT_BIT_RUN/manifest.json" ]; then
    [ "$TRAIN" = 1 ] || { log "ERROR: no run in $EIGHT_BIT_RUN (use --train)"; exit 1; }
    log "training the 8-bit model ($DLOG_EPOCHS epochs) into $EIGHT_BIT_RUN"
    vaekit train --config configs/discretized-logistic.yaml --epochs "$DLOG_EPOCHS" --seed 1 --out "$EIGHT_BIT_RUN"
fi
if wanted two-layer && [ ! -e "$TWO_LAYER_RUN/manifest.json" ]; then
    [ "$TRAIN" = 1 ] || { log "ERROR: no run in $TWO_LAYER_RUN (use --train)"; exit 1; }
    log "training the two-layer model ($BURDA_EPOCHS epochs) into $TWO_LAYER_RUN"
    vaekit train --config configs/burda-iwae-2layer.yaml --epochs "$BURDA_EPOCHS" --seed 1 --out "$TWO_LAYER_RUN"
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
export BENCH_COMMIT BENCH_THREADS="$THREADS" BENCH_MODELS="$MODELS"
log "machine: $BENCH_CPU, $BENCH_NPROC cores; $BENCH_DATE; load $BENCH_LOAD; commit $BENCH_COMMIT; --threads $THREADS"

CP="vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar:vaekit-cli/target/lib/*"
JAVA="$(./vaekit --which-java | cut -d: -f1)"
LIMIT=()
EVAL_LIMIT=()
if [ "$N" != 0 ]; then LIMIT=(--n "$N"); EVAL_LIMIT=(--eval-size "$N"); fi

# ---- each model: eval, compress, decompress, baselines --------------------------------------------------------------
for spec in "binary:$BINARY_RUN:$K_BINARY" "eight-bit:$EIGHT_BIT_RUN:$K_EIGHT_BIT"; do
    IFS=: read -r name run k <<< "$spec"
    wanted "$name" || continue
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

# ---- the two-layer model: eval once, then each scheme compresses and decompresses the same images --------------------
if wanted two-layer; then
    name=two-layer
    log "$name: vaekit eval (k = $K_TWO_LAYER)"
    vaekit eval "$TWO_LAYER_RUN" --k "$K_TWO_LAYER" "${EVAL_LIMIT[@]}" --json > "$RESULTS/$name-eval.json"
    for scheme in bit-swap bb-ans; do
        log "$name: vaekit compress --scheme $scheme"
        rm -f "$RESULTS/$name-$scheme.vbb" "$RESULTS/$name-$scheme-test.npy"
        vaekit compress "$TWO_LAYER_RUN" -i test "${LIMIT[@]}" --scheme "$scheme" -o "$RESULTS/$name-$scheme.vbb" \
            --json > "$RESULTS/$name-$scheme-compress.json"
        cat "$RESULTS/$name-$scheme-compress.json" >&2
        log "$name: vaekit decompress ($scheme, read from the file)"
        vaekit decompress "$TWO_LAYER_RUN" -i "$RESULTS/$name-$scheme.vbb" -o "$RESULTS/$name-$scheme-test.npy" \
            --json > "$RESULTS/$name-$scheme-decompress.json"
        cat "$RESULTS/$name-$scheme-decompress.json" >&2
    done
    cmp -s "$RESULTS/$name-bit-swap-test.npy" "$RESULTS/$name-bb-ans-test.npy" \
        || { log "ERROR: the two schemes decoded different images"; exit 1; }
    log "$name: baselines"
    "$JAVA" -XX:ActiveProcessorCount=1 -cp "$CP" bench/BitsBackBaselines.java "$RESULTS/$name-bit-swap-test.npy" 2 \
        > "$RESULTS/$name-baselines.json"
fi

# ---- determinism: the first 500 test images twice with --threads 1, once with --threads 2 ----------------------------
determinism() { # name run extra-args...: writes "sameAcrossRuns": …, "sameAcrossThreads": … for that model
    local name="$1" run="$2"; shift 2
    for t in 1 1b 2; do
        ./vaekit compress "$run" -i test --n 500 "$@" -o "$RESULTS/threads-$name-$t.vbb" --threads "${t%b}" > /dev/null
    done
    local same_runs=false same_threads=false
    cmp -s "$RESULTS/threads-$name-1.vbb" "$RESULTS/threads-$name-1b.vbb" && same_runs=true
    cmp -s "$RESULTS/threads-$name-1.vbb" "$RESULTS/threads-$name-2.vbb" && same_threads=true
    log "determinism ($name): two runs identical: $same_runs; --threads 1 vs 2 identical: $same_threads"
    echo "\"$name\": {\"sameAcrossRuns\": $same_runs, \"sameAcrossThreads\": $same_threads}"
}
entries=()
wanted binary && entries+=("$(determinism binary "$BINARY_RUN")")
wanted two-layer && entries+=("$(determinism two-layer "$TWO_LAYER_RUN" --scheme bit-swap)")
(IFS=,; echo "{${entries[*]}}") > "$RESULTS/determinism.json"

"$PY" bench/report_bits_back.py "$RESULTS"
