#!/usr/bin/env bash
# Dense VAE benchmark: vaekit vs. a PyTorch peer, back to back, same settings.
#
#   MNIST (60000 training images, no validation split), dynamic binarization,
#   784-400-20 ReLU VAE, Bernoulli likelihood, estimator B (L=1),
#   Adam lr 1e-3, batch 128; then test ELBO and importance-sampled NLL.
#
# Usage: bench/dense-vae.sh [--quick] [--epochs N] [--k K] [--eval-size N]
#                           [--peer-only | --vaekit-only] [--data-dir DIR]
#   --quick        3 epochs, k=100, 1000 test images (a smoke run)
#   --epochs N     training epochs (default 10; epoch 1 is warm-up, the
#                  time median is over epochs 2..N)             env EPOCHS
#   --k K          importance samples per test image (default 5000)  env K
#   --eval-size N  test images evaluated (default 10000)   env EVAL_SIZE or N
#   env PEER_THREADS  torch threads of the peer (default 2)
#   --data-dir DIR MNIST IDX directory for the peer (default: vaekit's cache,
#                  ${VAEKIT_DATA:-${XDG_CACHE_HOME:-~/.cache}/vaekit/datasets}/mnist)
#   --peer-only / --vaekit-only  run one side only (the other shows as "-")
#
# Results: bench/results/<tag>.json, <tag>.md (paste into BENCHMARKS.md), logs;
# <tag> is dense-vae, or dense-vae-quick with --quick.
# Runs one thing at a time: never start it next to another heavy job.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3

EPOCHS="${EPOCHS:-10}"
K="${K:-5000}"
EVAL_SIZE="${EVAL_SIZE:-${N:-10000}}"
TAG=dense-vae
RUN_VAEKIT=1
RUN_PEER=1
DATA_ROOT="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
MNIST_DIR="${MNIST_DIR:-$DATA_ROOT/mnist}"

usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) EPOCHS=3; K=100; EVAL_SIZE=1000; TAG=dense-vae-quick ;;
        --epochs) EPOCHS="$2"; shift ;;
        --epochs=*) EPOCHS="${1#*=}" ;;
        --k) K="$2"; shift ;;
        --k=*) K="${1#*=}" ;;
        --eval-size) EVAL_SIZE="$2"; shift ;;
        --eval-size=*) EVAL_SIZE="${1#*=}" ;;
        --data-dir) MNIST_DIR="$2"; shift ;;
        --data-dir=*) MNIST_DIR="${1#*=}" ;;
        --peer-only) RUN_VAEKIT=0 ;;
        --vaekit-only) RUN_PEER=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "dense-vae: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

RESULTS="$ROOT/bench/results"
VAEKIT_OUT="bench/results/$TAG-vaekit"
mkdir -p "$RESULTS"
log() { echo "[dense-vae] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# ---- preconditions -------------------------------------------------------------
if [ "$RUN_VAEKIT" = 1 ] && [ ! -x ./vaekit ]; then
    log "ERROR: ./vaekit launcher not found (build vaekit first, or use --peer-only)"; exit 1
fi
have_mnist() {
    for f in train-images-idx3-ubyte t10k-images-idx3-ubyte; do
        [ -e "$MNIST_DIR/$f" ] || [ -e "$MNIST_DIR/$f.gz" ] || return 1
    done
}
if ! have_mnist; then
    if [ "$MNIST_DIR" = "$DATA_ROOT/mnist" ] && [ -x scripts/fetch-datasets.sh ]; then
        log "MNIST missing in $MNIST_DIR; running scripts/fetch-datasets.sh"
        scripts/fetch-datasets.sh "$DATA_ROOT"
    fi
    have_mnist || { log "ERROR: no MNIST IDX files in $MNIST_DIR"; exit 1; }
fi

# ---- peer setup (PyTorch + OpenBLAS) ----------------------------------------------
if [ "$RUN_PEER" = 1 ]; then
    # Only the peer process gets bench/.peer/env.sh (LD_LIBRARY_PATH to OpenBLAS,
    # OPENBLAS_NUM_THREADS=1); vaekit runs in the unchanged environment.
    bench/setup-peer.sh >/dev/null
fi

# ---- machine -----------------------------------------------------------------------
export BENCH_CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)"
export BENCH_NPROC="$(nproc)"
export BENCH_JDK="$(./vaekit --which-java 2>/dev/null || echo unknown)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
if BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null)"; then
    git diff --quiet HEAD -- 2>/dev/null || BENCH_COMMIT="$BENCH_COMMIT-dirty"
else
    BENCH_COMMIT=unknown
fi
export BENCH_COMMIT
log "machine: $BENCH_CPU, $BENCH_NPROC cores; $BENCH_JDK; $BENCH_DATE; commit $BENCH_COMMIT"
log "settings: epochs=$EPOCHS k=$K eval-size=$EVAL_SIZE tag=$TAG"

VAEKIT_EVAL_JSON="$RESULTS/$TAG-vaekit-eval.json"
PEER_JSON="$RESULTS/$TAG-peer.json"
WALL_JSON="$RESULTS/$TAG-wall.json"
rm -f "$VAEKIT_EVAL_JSON" "$PEER_JSON" "$WALL_JSON"
VAEKIT_TRAIN_WALL=null; VAEKIT_EVAL_WALL=null; PEER_WALL=null

# ---- 1. vaekit -----------------------------------------------------------------------
if [ "$RUN_VAEKIT" = 1 ]; then
    rm -rf "$VAEKIT_OUT"
    log "vaekit: training ($EPOCHS epochs)"
    t0=$(now)
    ./vaekit train --dataset mnist --binarize dynamic --validation 0 \
        --hidden 400 --latent-dim 20 --activation relu --likelihood bernoulli \
        --estimator B --samples 1 --epochs "$EPOCHS" --batch-size 128 --lr 1e-3 \
        --seed 1 --out "$VAEKIT_OUT" 2>&1 | tee "$RESULTS/$TAG-vaekit-train.log"
    t1=$(now)
    VAEKIT_TRAIN_WALL=$(elapsed "$t0" "$t1")
    log "vaekit: evaluating (k=$K, $EVAL_SIZE images)"
    ./vaekit eval "$VAEKIT_OUT" --k "$K" --eval-size "$EVAL_SIZE" --json \
        > "$VAEKIT_EVAL_JSON" 2> >(tee "$RESULTS/$TAG-vaekit-eval.log" >&2)
    t2=$(now)
    VAEKIT_EVAL_WALL=$(elapsed "$t1" "$t2")
    cat "$VAEKIT_EVAL_JSON"
fi

# ---- 2. PyTorch peer -------------------------------------------------------------------
if [ "$RUN_PEER" = 1 ]; then
    log "peer: training ($EPOCHS epochs) + evaluation (k=$K, $EVAL_SIZE images)"
    t0=$(now)
    # shellcheck disable=SC1091
    ( . bench/.peer/env.sh && exec "$PY" bench/peer_vae.py --data-dir "$MNIST_DIR" --epochs "$EPOCHS" \
        --batch-size 128 --lr 1e-3 --seed 1 --threads "${PEER_THREADS:-2}" --k "$K" --eval-size "$EVAL_SIZE" \
        --json-out "$PEER_JSON" ) 2>&1 | tee "$RESULTS/$TAG-peer.log"
    t1=$(now)
    PEER_WALL=$(elapsed "$t0" "$t1")
fi

cat > "$WALL_JSON" <<EOF
{"vaekitTrainWall": $VAEKIT_TRAIN_WALL, "vaekitEvalWall": $VAEKIT_EVAL_WALL, "peerWall": $PEER_WALL}
EOF

# ---- 3. report -----------------------------------------------------------------------------
"$PY" bench/report_dense_vae.py \
    --epochs "$EPOCHS" --k "$K" --eval-size "$EVAL_SIZE" \
    --vaekit-metrics "$VAEKIT_OUT/metrics.jsonl" --vaekit-eval "$VAEKIT_EVAL_JSON" \
    --peer "$PEER_JSON" --wall "$WALL_JSON" \
    --json-out "$RESULTS/$TAG.json" --md-out "$RESULTS/$TAG.md" \
    $( [ "$RUN_VAEKIT" = 1 ] || echo --no-vaekit ) $( [ "$RUN_PEER" = 1 ] || echo --no-peer )
log "wrote $RESULTS/$TAG.json and $RESULTS/$TAG.md"
