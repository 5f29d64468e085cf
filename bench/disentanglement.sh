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
#   training Adam, learning rate 5e-4, batch 64, EPOCHS epochs (11,364 steps each), one engine thread
# Each model's own setting (one point of Locatello et al. 2019's grids; β = 6 for both β-VAE and β-TCVAE, so that the
# two compare at equal β as Chen et al. 2018 do):
#   vae           β = 1
#   beta-vae      β = 6
#   capacity-vae  γ = 1000, C from 0 to 25 nats over the first half of the epochs
#   beta-tc-vae   α = γ = 1, β = 6 on the total correlation
#   factor-vae    γ = 40, the paper's discriminator (6 × 1000, Adam 1e-4, betas 0.5, 0.9)
#   dip-vae       DIP-VAE-I, λ_od = 10, λ_d = 100
#
# Budget: the default of 1 epoch is 11,364 steps of 64 images per run (every training image once), 18 runs. (Until
# the trainer read rendered batches, the benchmark trained 10 epochs of a 50,000-image sample, 7,820 steps; one epoch of
# all the images is 1.45 times that.) Measured with bench/DisentanglementSteps.java (one engine thread, the training
# thread's CPU time, under a load average of 15 to 40 from other work on this 2-core machine): 0.128 (DIP-VAE) to
# 0.252 (FactorVAE, its discriminator included) CPU seconds per step, 0.99 s for one step of each of the six models;
# so 24 to 48 CPU minutes of training per run and 9.4 hours for the 18, plus an estimated 7 to 8 minutes of metrics per
# run (the FactorVAE metric encodes 970,000 images; DCI's trees take about 20 CPU seconds), 2.3 hours: about 12 hours
# with the machine to itself, longer when it is shared (wall time per step was 0.3 to 1.2 s at those loads). That is
# 3.8% of the 300,000 steps of Locatello et al. 2019: compare the order of the models more than the values. A run
# writes its checkpoint at the end of each epoch, so an interrupted run restarts its epoch.
#
# Usage: bench/disentanglement.sh [--epochs E] [--seeds N] [--fraction F] [--lr LR] [--threads T] [--out DIR]
#        bench/disentanglement.sh --tiny     # the end-to-end check: dsprites-small, 1 epoch, 3 seeds, fraction 0.02
# A finished run (its disentanglement.json) is kept, an unfinished one resumed: rerunning continues the benchmark.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

epochs=1 seeds=3 fraction=1 lr=5e-4 threads=1 dataset=dsprites out=bench/results/disentanglement
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --fraction) fraction="$2"; shift 2 ;;
    --lr) lr="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tiny) dataset=dsprites-small epochs=1 fraction=0.02 out=bench/results/disentanglement-tiny; shift ;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2 ;;
  esac
done
half=$(python3 -c "print(max(1, $epochs) / 2)")

declare -a names=(vae beta-vae capacity-vae beta-tc-vae factor-vae dip-vae)
declare -A flags=(
  [vae]="--model conv-vae"
  [beta-vae]="--model conv-vae --beta 6"
  [capacity-vae]="--model conv-capacity-vae --capacity-gamma 1000 --capacity-max 25 --capacity-epochs $half"
  [beta-tc-vae]="--model conv-beta-tc-vae --tc-alpha 1 --tc-beta 6 --tc-gamma 1"
  [factor-vae]="--model conv-factor-vae --factor-gamma 40"
  [dip-vae]="--model conv-dip-vae --dip-type i --dip-lambda-od 10 --dip-lambda-d 100"
)
shared="--dataset $dataset --binarize none --validation 0 --hidden 32,32,64,64 --latent-dim 10 --activation relu \
--batch-size 64 --lr $lr --epochs $epochs --threads $threads --quiet"

mkdir -p "$out"
./vaekit --help > /dev/null # builds the launcher's jar first, if needed
{
  echo "{\"dataset\":\"$dataset\",\"epochs\":$epochs,\"seeds\":$seeds,\"fraction\":$fraction,\"lr\":$lr,"
  echo "\"threads\":$threads,\"shared\":\"$shared\",\"machine\":\"$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo "\"started\":\"$(date -u +%FT%TZ)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} | tr -d '\n' > "$out/settings.json"
echo >> "$out/settings.json"

for name in "${names[@]}"; do
  for seed in $(seq 1 "$seeds"); do
    run="$out/$name-s$seed"
    if [ -f "$run/disentanglement.json" ]; then
      echo "$name seed $seed: done before" >&2
      continue
    fi
    start=$(date +%s)
    if [ -f "$run/manifest.json" ]; then
      # shellcheck disable=SC2086
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
  done
done
python3 bench/report_disentanglement.py "$out" | tee "$out/table.md"
