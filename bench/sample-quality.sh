#!/usr/bin/env bash
# Sample quality of a dense and a convolutional MNIST VAE (issue 34): `vaekit sample-quality` on each, the Fréchet
# distance and k-NN precision and recall (k = 3) of N = 10,000 prior samples against the 10,000 MNIST test images, in
# the features of vaekit's own classifier (NOT Inception FIDs: they compare only with each other), beside the
# reference row of 10,000 real training images the classifier never saw.
#
# Models (flags of `vaekit train`, dynamically binarised MNIST, EPOCHS epochs, one engine thread):
#   dense  configs/dense-vae.yaml: 784-400-20, ReLU, Bernoulli decoder (Kingma & Welling 2014's size)
#   conv   configs/conv-vae.yaml: two 4x4 stride-2 convolutions (32, 64) and a 32-dimensional code, ELU, Bernoulli
# The feature classifier is trained on the first 50,000 MNIST training images once (2 epochs by default) and kept in
# vaekit's cache folder; both models are scored with the same classifier, whose key and test accuracy are printed.
#
# Usage: bench/sample-quality.sh [--epochs E] [--n N] [--threads T] [--out DIR] [RUN...]
#        bench/sample-quality.sh --smoke   # the end-to-end check: mnist-mini, 1 epoch, N = 500, a 1-epoch classifier
# Runs given as arguments are scored as they are, without training. A finished score (RUN/sample-quality.json) is
# kept: rerunning continues.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

epochs=10 n=10000 threads=1 dataset=mnist classifier_epochs=0 out=bench/results/sample-quality
runs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --smoke) dataset=mnist-mini epochs=1 n=500 classifier_epochs=1 out=bench/results/sample-quality-smoke; shift ;;
    -*) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2 ;;
    *) runs+=("$1"); shift ;;
  esac
done

mkdir -p "$out"
./vaekit --help > /dev/null # builds the launcher's jar first, if needed
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%FT%TZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

if [ ${#runs[@]} -eq 0 ]; then
  for name in dense conv; do
    run="$out/$name"
    runs+=("$run")
    if [ -f "$run/manifest.json" ]; then
      continue
    fi
    config=configs/dense-vae.yaml
    [ "$name" = conv ] && config=configs/conv-vae.yaml
    start=$(date +%s)
    ./vaekit train --config "$config" --dataset "$dataset" --epochs "$epochs" --threads "$threads" --quiet \
      --out "$run" > /dev/null
    echo "$name: trained $epochs epoch(s) on $dataset in $(($(date +%s) - start)) s" >&2
  done
fi

classifier=()
[ "$classifier_epochs" -gt 0 ] && classifier=(--classifier-epochs "$classifier_epochs")
for run in "${runs[@]}"; do
  if [ ! -f "$run/sample-quality.json" ]; then
    ./vaekit sample-quality "$run" --n "$n" --threads "$threads" "${classifier[@]}" > "$run/sample-quality.txt"
    tail -n 1 "$run/sample-quality.txt" > "$run/sample-quality.json.tmp"
    mv "$run/sample-quality.json.tmp" "$run/sample-quality.json"
  fi
  echo
  head -n -1 "$run/sample-quality.txt"
done

echo
python3 - "${runs[@]}" <<'EOF'
import json, sys
print("| run | N | Fréchet distance | precision | recall | reference FD | reference precision | reference recall | classifier (test accuracy) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for run in sys.argv[1:]:
    with open(run + "/sample-quality.json") as f:
        r = json.load(f)
    s, ref, c = r["scores"]["samples"], r["scores"].get("reference"), r["classifier"]
    cells = [run, str(s["n"]), "%.3f" % s["frechetDistance"], "%.4f" % s["precision"], "%.4f" % s["recall"]]
    cells += ["%.3f" % ref["frechetDistance"], "%.4f" % ref["precision"], "%.4f" % ref["recall"]] if ref else ["", "", ""]
    cells.append("%s (%.4f)" % (c["key"], c["testAccuracy"]))
    print("| " + " | ".join(cells) + " |")
EOF
