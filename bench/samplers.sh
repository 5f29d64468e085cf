#!/usr/bin/env bash
# Post-hoc samplers (issue 34): trains a dense VAE on MNIST (784-400-20 ReLU, Bernoulli pixels, dynamically binarised
# training images, EPOCHS epochs), then fits each sampler kind to its posterior means of the 60,000 training images
# with the defaults of `vaekit fit-sampler` (gmm: K by BIC among 1..32; maf: 5 steps of MADE [128, 128], 50 epochs;
# two-stage: a [512, 512] second VAE with learned γ, 50 epochs, k = 100), and prints the held-out log-likelihood of
# codes of each (10% of the codes, the same split for every kind, seed 1) beside N(0, I)'s, as a Markdown table,
# with a grid of 64 decoded draws of each sampler and of the prior for comparison.
#
# Usage: bench/samplers.sh [--epochs E] [--threads T] [--dataset SPEC] [--out DIR]
#        bench/samplers.sh --tiny    # smoke run: mnist-mini, 2 epochs, small samplers (a check that it works, not a result)
# A trained run and fitted samplers are kept: rerunning prints the table again without refitting.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

epochs=20 threads=1 dataset=mnist out=bench/results/samplers tiny=0
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --dataset) dataset="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tiny) tiny=1 dataset=mnist-mini epochs=2 out=bench/results/samplers-tiny; shift ;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2 ;;
  esac
done

declare -a kinds=(gmm maf two-stage)
declare -A flags=([gmm]="" [maf]="" [two-stage]="")
if [ "$tiny" = 1 ]; then
  flags=([gmm]="--components 4" [maf]="--hidden 32,32 --flow-length 2 --epochs 2" \
    [two-stage]="--hidden 32,32 --epochs 2 --k 10")
fi

mkdir -p "$out"
./vaekit --help > /dev/null # builds the launcher's jar first, if needed
run="$out/vae"
if [ ! -f "$run/manifest.json" ]; then
  ./vaekit train --dataset "$dataset" --hidden 400 --latent-dim 20 --epochs "$epochs" --threads "$threads" --quiet \
    --out "$run" > /dev/null
fi
./vaekit sample "$run" --n 64 --seed 1 --threads "$threads" -o "$out/samples-prior.png" > /dev/null

for kind in "${kinds[@]}"; do
  if [ ! -f "$run/samplers/$kind/sampler.json" ]; then
    start=$(date +%s)
    # shellcheck disable=SC2086
    ./vaekit fit-sampler "$run" --kind "$kind" ${flags[$kind]} --threads "$threads" --quiet > "$out/$kind.txt"
    echo "seconds $(($(date +%s) - start))" >> "$out/$kind.txt"
  fi
  ./vaekit sample "$run" --sampler "$kind" --n 64 --seed 1 --threads "$threads" -o "$out/samples-$kind.png" \
    > /dev/null
done

{
echo "Held-out log-likelihood of codes (nats per code ± s.e.) of samplers fitted to the posterior means of $dataset's"
echo "training images under a dense VAE 784-400-20 ($epochs epochs); $(nproc) cores, $(date -u +%F)."
echo
echo "| sampler | held-out log-likelihood | N(0, I) on the same codes | fit seconds | estimator | fitted |"
echo "|---|---:|---:|---:|---|---|"
for kind in "${kinds[@]}"; do
  f="$out/$kind.txt"
  awk -v kind="$kind" '
    /^fitted a / { sub(/^[^:]*\): /, ""); fitted = $0 }
    $1 == kind && $3 == "±" { ll = $2 " ± " $4; est = $0; sub(/^[^(]*\(/, "", est); sub(/\)$/, "", est) }
    $1 == "N(0," && $4 == "±" { normal = $3 " ± " $5 }
    /^seconds / { seconds = $2 }
    END { printf "| %s | %s | %s | %s | %s | %s |\n", kind, ll, normal, seconds, est, fitted }
  ' "$f"
done
} | tee "$out/table.md"
