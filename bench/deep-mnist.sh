#!/usr/bin/env bash
# The recipe for issue 34's model-quality target: a hierarchical VAE trained for a 3-hour budget on this 2-core
# machine, alone, on dynamically binarized MNIST, then evaluated on all 10,000 test images with k = 5000 importance
# samples over all its latent layers (vaekit eval; the NLL with its standard error).
#
# Usage: bench/deep-mnist.sh [--config FILE] [--minutes M] [--seconds-per-epoch S] [--k K] [--eval-size N]
#                            [-- TRAIN-FLAGS...]
#   --config FILE           default configs/nvae-mnist.yaml (also ready: configs/ladder-vae.yaml,
#                           configs/burda-iwae-2layer.yaml)
#   --minutes M             training budget, default 180
#   everything else is bench/train-config.sh's: the epochs that fit the budget from a one-epoch probe (or
#   --seconds-per-epoch), the learning rate decaying tenfold over them, then vaekit eval --json.
# Results: bench/results/<config name>/ (the run) and bench/results/<config name>-eval.json. Ship the weights with
#   ./vaekit pack bench/results/<name> -o models/<name>   (config, averaged weights, manifest; no optimiser state)
# and check that ./vaekit eval models/<name> --k 5000 --eval-size 0 gives the same number.
#
# bench/deep-mnist.sh --probe [--config FILE] times two epochs of mnist-mini (5,000 images, 2 threads) and prints the
# seconds of each and the second's scaled to MNIST's 60,000 images; BENCHMARKS.md has the measured values. Run nothing
# else heavy beside either: the number of epochs comes from such a probe.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG=configs/nvae-mnist.yaml
MINUTES=180
PASS=()
TRAIN=()
PROBE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --config) CONFIG="$2"; shift ;;
        --minutes) MINUTES="$2"; shift ;;
        --probe) PROBE=1 ;;
        --) shift; TRAIN=("$@"); break ;;
        *) PASS+=("$1") ;;
    esac
    shift
done
if [ "$PROBE" = 1 ]; then
    # two epochs of mnist-mini's 5,000 training images (the first warms up the JIT)
    out="$(mktemp -d)"
    ./vaekit train --config "$CONFIG" --dataset mnist-mini --epochs 2 --validation 0 --quiet --out "$out/probe" \
        --threads 2 "${TRAIN[@]}" >/dev/null
    /usr/bin/python3 - "$out/probe/metrics.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
seconds = [l["seconds"] for l in lines]
print("seconds per 5,000-image epoch:", [round(s, 1) for s in seconds],
      "-> per 60,000-image epoch:", round(seconds[-1] * 12, 1))
PY
    rm -rf "$out"
    exit 0
fi
exec "$ROOT/bench/train-config.sh" "$CONFIG" --minutes "$MINUTES" --k 5000 --eval-size 0 "${PASS[@]}" -- "${TRAIN[@]}"
