#!/usr/bin/env bash
# Performance harness (issue 8): vaekit and the PyTorch peer back to back in one invocation, per workload the time,
# the peer's time, the ratio, the achieved GFLOP/s and its fraction of the GEMM ceiling measured in the same run.
#
# Usage: bench/perf.sh [--threads N] [--dense-epochs E] [--eval-size N] [--k K]
#   --threads N       intra-op threads for both sides (default 2, the machine's cores)
#   --dense-epochs E  dense VAE epochs on MNIST (default 6; epoch 1 is warm-up)
#   --eval-size N     test images of the importance-sampled evaluation (default 1000)
#   --k K             importance samples per image (default 5000)
#   --step-epochs E   epochs of mnist-mini per timed training step (default 3; the first is warm-up)
# Workloads: GEMM ceiling; dense VAE training epoch and IWAE-k evaluation (bench/dense-vae.sh); conv VAE training step
# (both sides); PixelVAE and RealNVP training steps (vaekit only: no peer written yet); `vaekit --help` start-up;
# `vaekit sample` wall time; peak RSS of a 1-epoch MNIST training run.
# Results: bench/results/perf.json and perf.md. Run nothing else heavy beside it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS=2
EPOCHS=6
EVAL_SIZE=1000
K=5000
STEP_EPOCHS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) THREADS="$2"; shift ;;
        --dense-epochs) EPOCHS="$2"; shift ;;
        --eval-size) EVAL_SIZE="$2"; shift ;;
        --k) K="$2"; shift ;;
        --step-epochs) STEP_EPOCHS="$2"; shift ;;
        *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
R=bench/results/perf
rm -rf "$R" && mkdir -p "$R"
bench/setup-peer.sh >/dev/null
# shellcheck disable=SC1091
source bench/.peer/env.sh
./vaekit --help >/dev/null
JAVA="$(./vaekit --which-java | cut -d: -f1)"
JAR=vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar
export DJL_OFFLINE=true
jstep() { "$JAVA" -Xmx3g -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
    --enable-native-access=ALL-UNNAMED -cp "$JAR" bench/PerfSteps.java "$@" 2>/dev/null | grep '^{'; }
pstep() { /usr/bin/python3 bench/peer_steps.py "$@" --threads "$THREADS"; }
log() { echo "[perf] $*" >&2; }

log "GEMM ceiling"
jstep gemm >"$R/vaekit-gemm.jsonl"
pstep gemm >"$R/peer-gemm.jsonl"

log "dense VAE: $EPOCHS epochs, then k=$K on $EVAL_SIZE test images (bench/dense-vae.sh)"
VAEKIT_JAVA_OPTS="-Xmx4g -Dai.djl.pytorch.num_threads=$THREADS" PEER_THREADS="$THREADS" \
    bench/dense-vae.sh --epochs "$EPOCHS" --k "$K" --eval-size "$EVAL_SIZE" >"$R/dense-vae.log" 2>&1
cp bench/results/dense-vae.json "$R/dense-vae.json"

log "training steps"
jstep dump-mini "$R/mini.f32" || true
for c in conv-vae pixel-vae realnvp-mnist; do
    jstep step "configs/$c.yaml" "$STEP_EPOCHS" >>"$R/vaekit-steps.jsonl"
done
pstep step configs/conv-vae.yaml --images "$R/mini.f32" --epochs "$STEP_EPOCHS" >"$R/peer-steps.jsonl"

log "start-up, sample, peak RSS"
TINY="$R/tiny-run"
./vaekit train --dataset mnist-mini --epochs 1 --quiet --out "$TINY" >/dev/null 2>&1
/usr/bin/python3 - "$R/cli.json" "$TINY" <<'PY'
import json, resource, statistics, subprocess, sys, time
def wall(cmd, n=5):
    t = []
    for _ in range(n):
        s = time.perf_counter(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t.append(time.perf_counter() - s)
    return statistics.median(t)
run = sys.argv[2]
json.dump({"helpSeconds": wall(["./vaekit", "--help"]),
           "sampleSeconds": wall(["./vaekit", "sample", run, "-o", run + "/perf-samples.png"], 3)},
          open(sys.argv[1], "w"))
PY
/usr/bin/time -f '%M' -o "$R/train-rss-kib.txt" ./vaekit train --dataset mnist --epochs 1 --threads "$THREADS" \
    --quiet --out "$R/rss-run" >/dev/null 2>&1
rm -rf "$R/rss-run" "$R/mini.f32"

/usr/bin/python3 bench/report_perf.py "$R" "$THREADS"
