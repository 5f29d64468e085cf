#!/usr/bin/env bash
# The classical baselines against vaekit's models on MNIST and Fashion-MNIST (issue: baselines and comparisons):
# reconstruction error of PCA, a plain AE and a VAE by code size, and the held-out density of a Gaussian, a GMM and a
# KDE in a 50-dimensional principal subspace. Reports go to bench/results/compare-<dataset>/.
#
# Usage: bench/compare-baselines.sh [--epochs E] [--train-n N] [--test-n N] [DATASET...]   (default: mnist fashion-mnist)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EPOCHS=10
TRAIN_N=10000
TEST_N=1000
SETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) EPOCHS="$2"; shift ;;
        --train-n) TRAIN_N="$2"; shift ;;
        --test-n) TEST_N="$2"; shift ;;
        -*) echo "compare-baselines: unknown option $1" >&2; exit 2 ;;
        *) SETS+=("$1") ;;
    esac
    shift
done
[ ${#SETS[@]} -gt 0 ] || SETS=(mnist fashion-mnist)
for set in "${SETS[@]}"; do
    out="bench/results/compare-$set"
    mkdir -p "$out"
    ./vaekit compare compression --dataset "$set" --dims 2,5,10,20,50 --epochs "$EPOCHS" --train-n "$TRAIN_N" \
        --test-n "$TEST_N" --report "$out"
    ./vaekit compare density --dataset "$set" --pca 50 --train-n "$TRAIN_N" --test-n "$TEST_N" --report "$out"
done
