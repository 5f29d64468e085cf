#!/usr/bin/env bash
# The disentanglement benchmark (issue 33): VAE, β-VAE, capacity-annealed β-VAE, β-TCVAE, FactorVAE and DIP-VAE-I
# trained on the generated dSprites with the same network, data, optimiser and budget, several seeds each, then MIG,
# SAP, DCI and the FactorVAE metric of every run (`vaekit disentanglement`, disentanglement_lib's settings, metric seed
# 0 for every run, so every model is scored on the same draws), and the table of means ± standard deviations over the
# seeds for BENCHMARKS.md (bench/report_disentanglement.py).
#
# Shared by every model (flags of `vaekit train`):
#   data     dsprites: all 727,280 training images (737,280 less the 10,000 of the test set; docs/dsprites.md),
#            rendered batch by batch as they are read, binary, no validation split
#   network  --model conv-*: four 4x4 stride-2 convolutions of 32, 32, 64, 64 channels (64 -> 4) and a dense layer to
#            a 10-dimensional Gaussian code; the decoder mirrors it; Bernoulli pixels; ReLU
#   training Adam, learning rate 5e-4, batch 64, EPOCHS epochs of BATCHES steps (a pass is 11,364), one engine thread
# Each model's own setting (one point of Locatello et al. 2019's grids; β = 6 for both β-VAE and β-TCVAE, so that the
# two compare at equal β as Chen et al. 2018 do):
#   vae           β = 1
#   beta-vae      β = 6
#   capacity-vae  γ = 1000, C from 0 to 25 nats over the first half of the epochs
#   beta-tc-vae   α = γ = 1, β = 6 on the total correlation
#   factor-vae    γ = 40, the paper's discriminator (6 × 1000, Adam 1e-4, betas 0.5, 0.9)
#   dip-vae       DIP-VAE-I, λ_od = 10, λ_d = 100
#
# Budget: EPOCHS epochs of BATCHES steps (`train --batches-per-epoch`: each epoch a fresh random sample of the
# training images), by default 5 x 500 = 2,500 steps of 64 images per run (160,000 images, 22% of one pass), 18 runs,
# scored with --fraction 0.25 of disentanglement_lib's metric sample sizes. Step costs on this 2-core EPYC, one engine
# thread, quiet (bench/DisentanglementSteps.java): 0.166 s for the VAE; under load 0.128 (DIP-VAE) to 0.252 (FactorVAE,
# its discriminator included) CPU seconds per step, 0.99 s for one step of each of the six models. Measured on
# 2026-12-07 with --parallel 2 (two runs at a time, one engine thread each): 2 h 21 min of training and 21 min of
# scoring for the 18 runs, 1 h 24 min of wall time. A full pass per run (--batches 0 --epochs 1,
# 11,364 steps) takes about 12 hours. Either is a small share of the 300,000 steps of Locatello et al. 2019: compare
# the order of the models more than the values. A run writes its checkpoint at the end of each epoch, so an
# interrupted run restarts its epoch.
#
# Usage: bench/disentanglement.sh [--epochs E] [--batches B] [--seeds N] [--fraction F] [--lr LR] [--threads T]
#                                 [--parallel P] [--out DIR]
#        bench/disentanglement.sh --tiny     # the end-to-end check: dsprites-small, 1 epoch, 3 seeds, fraction 0.02
# A finished run (its disentanglement.json) is kept, an unfinished one resumed: rerunning continues the benchmark.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

epochs=5 batches=500 seeds=3 fraction=0.25 lr=5e-4 threads=1 parallel=1 dataset=dsprites
out=bench/results/disentanglement
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --batches) batches="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --fraction) fraction="$2"; shift 2 ;;
    --lr) lr="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tiny) dataset=dsprites-small epochs=1 batches=0 fraction=0.02 out=bench/results/disentanglement-tiny; shift ;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2 ;;
  esac
done
half=$(python3 -c "print(max(1, $epochs) / 2)")

# The queue, the costliest models first, so that parallel workers end together.
declare -a names=(factor-vae beta-tc-vae capacity-vae dip-vae beta-vae vae)
declare -A flags=(
  [vae]="--model conv-vae"
  [beta-vae]="--model conv-vae --beta 6"
  [capacity-vae]="--model conv-capacity-vae --capacity-gamma 1000 --capacity-max 25 --capacity-epochs $half"
  [beta-tc-vae]="--model conv-beta-tc-vae --tc-alpha 1 --tc-beta 6 --tc-gamma 1"
  [factor-vae]="--model conv-factor-vae --factor-gamma 40"
  [dip-vae]="--model conv-dip-vae --dip-type i --dip-lambda-od 10 --dip-lambda-d 100"
)
shared="--dataset $dataset --binarize none --validation 0 --hidden 32,32,64,64 --latent-dim 10 --activation relu \
--batch-size 64 --batches-per-epoch $batches --lr $lr --epochs $epochs --threads $threads --quiet"

mkdir -p "$out"
./vaekit --help > /dev/null # builds the launcher's jar first, if needed
{
  echo "{\"dataset\":\"$dataset\",\"epochs\":$epochs,\"batches\":$batches,\"seeds\":$seeds,\"fraction\":$fraction,\"lr\":$lr,"
  echo "\"threads\":$threads,\"shared\":\"$shared\",\"machine\":\"$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo "\"started\":\"$(date -u +%FT%TZ)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} | tr -d '\n' > "$out/settings.json"
echo >> "$out/settings.json"

# Trains and scores one run, or resumes it, or skips it when it was scored before.
run_one() {
  local name=$1 seed=$2 run="$out/$1-s$2" start trained
  if [ -f "$run/disentanglement.json" ]; then
    echo "$name seed $seed: done before" >&2
    return
  fi
  start=$(date +%s)
  if [ -f "$run/manifest.json" ]; then
    ./vaekit train --resume --out "$run" --epochs "$epochs" --threads "$threads" --quiet > /dev/null
  else
    # shellcheck disable=SC2086
    ./vaekit train $shared ${flags[$name]} --seed "$seed" --out "$run" > /dev/null
  fi
  trained=$(date +%s)
  ./vaekit disentanglement "$run" --metrics mig,sap,dci,factorvae --fraction "$fraction" --seed 0 \
    --threads "$threads" > "$run/disentanglement.txt"
  tail -n 1 "$run/disentanglement.txt" > "$run/disentanglement.json.tmp"
  mv "$run/disentanglement.json.tmp" "$run/disentanglement.json"
  echo "$name seed $seed: trained in $((trained - start)) s, scored in $(($(date +%s) - trained)) s" >&2
}

# A worker takes the next run nobody has claimed (mkdir is atomic), until the queue is empty.
claims=$(mktemp -d)
trap 'rm -rf "$claims"' EXIT
worker() {
  local name seed
  for name in "${names[@]}"; do
    for seed in $(seq 1 "$seeds"); do
      if mkdir "$claims/$name-s$seed" 2> /dev/null; then
        run_one "$name" "$seed"
      fi
    done
  done
}
declare -a workers=()
for _ in $(seq 1 "$parallel"); do
  worker &
  workers+=($!)
done
for pid in "${workers[@]}"; do
  wait "$pid"
done
python3 bench/report_disentanglement.py "$out" | tee "$out/table.md"
