#!/usr/bin/env bash
# Every model family on dynamically binarized MNIST at one common budget: the table of docs/models.md and BENCHMARKS.
# Each entry trains for the same wall time (`train --time-limit`, the config's own network, optimiser and schedule,
# no validation split, one engine thread by default), then:
#   eval            test NLL ± s.e. by importance sampling (k = K on the first N test images), the ELBO and the
#                   active units (Burda et al. 2015: Cov_x E_q[z_u] > 0.01);
#   sample-quality  the Fréchet distance and k-NN precision and recall of S prior samples against the first S test
#                   images, in the features of vaekit's own MNIST classifier (NOT Inception FIDs);
#   metrics.jsonl   epochs done, median epoch time, and the last epoch's codebook usage and perplexity (VQ-VAE).
# The VQ-VAE's two phases (autoencoder, then its PixelCNN prior) need an epoch count up front: a 1-epoch probe (not
# counted) sets it from the budget, at least 3 epochs, two thirds of them for the autoencoder, and no time limit cuts
# the run (it would end before the prior's phase).
#
# Usage: bench/families.sh [--minutes M] [--k K] [--eval-size N] [--samples S] [--threads T] [--smoke] [NAME...]
#   --minutes M     training budget of each entry (default 10)
#   --k K           importance samples per test image (default 1000)
#   --eval-size N   test images evaluated (default 2000)
#   --samples S     samples scored by sample-quality (default 5000)
#   --threads T     engine threads (default 1)
#   --smoke         mnist-mini, 10 s each, k = 10 on 100 images, 200 samples, a 1-epoch classifier
#   NAME...         entries to run (default all; names below)
# A finished entry (its eval.json and sample-quality.json) is kept: rerunning continues with the rest.
# Results: bench/results/families/NAME/ (run folders and JSON) and bench/results/families/table.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# name | config | extra train flags (the disentanglement families on the dense VAE's network) | k | test images |
# samples: the last three replace --k, --eval-size and --samples for one entry (the VQ-VAE's posterior is a point mass,
# so k = 1; each of the PixelVAE's importance samples costs a PixelCNN pass, and each of its images 784 passes to
# sample, hours for thousands at this budget, so its samples are not scored: 0); --smoke keeps its own smaller sizes
ENTRIES="
vae|configs/dense-vae.yaml|
conv-vae|configs/conv-vae.yaml|
resnet-vae|configs/resnet-vae.yaml|
pixel-vae|configs/pixel-vae.yaml||100|500|0
iwae|configs/iwae.yaml|
miwae|configs/miwae.yaml|
piwae|configs/piwae.yaml|
ciwae|configs/ciwae.yaml|
vampprior|configs/vampprior.yaml|
iaf-vae|configs/iaf-vae.yaml|
beta-tc-vae|configs/beta-tc-vae.yaml|
capacity-vae|configs/dense-vae.yaml|--model dense-capacity-vae
factor-vae|configs/dense-vae.yaml|--model dense-factor-vae
dip-vae|configs/dense-vae.yaml|--model dense-dip-vae
info-vae|configs/info-vae.yaml|
wae-mmd|configs/wae-mmd.yaml|
swae|configs/swae.yaml|
ladder-vae|configs/ladder-vae.yaml|
burda-2-layer|configs/burda-iwae-2layer.yaml|
nvae|configs/nvae-mnist.yaml|
categorical-vae|configs/categorical-vae.yaml|
joint-vae|configs/joint-vae.yaml|
vq-vae|configs/vq-vae.yaml||1|
"

MINUTES=10 K=1000 EVAL_SIZE=2000 SAMPLES=5000 THREADS=1 DATASET=mnist CLASSIFIER=() LIMIT=""
names=()
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift ;;
        --k) K="$2"; shift ;;
        --eval-size) EVAL_SIZE="$2"; shift ;;
        --samples) SAMPLES="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --smoke) DATASET=mnist-mini LIMIT=10s K=10 EVAL_SIZE=100 SAMPLES=200 CLASSIFIER=(--classifier-epochs 1) ;;
        -*) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
        *) names+=("$1") ;;
    esac
    shift
done
LIMIT="${LIMIT:-${MINUTES}m}"
OUT=bench/results/families
[ "$DATASET" = mnist ] || OUT=bench/results/families-smoke
mkdir -p "$OUT"
known=$(echo "$ENTRIES" | cut -d'|' -f1 | xargs)
[ ${#names[@]} -gt 0 ] || read -r -a names <<< "$known"
for n in "${names[@]}"; do
    case " $known " in *" $n "*) ;; *) echo "families: unknown entry $n; one of: $known" >&2; exit 2 ;; esac
done

./vaekit --help > /dev/null # builds the launcher's jar first, if needed
{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date: $(date -u +%FT%TZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "budget: $LIMIT of training each, $THREADS thread(s); eval k = $K on $EVAL_SIZE test images; $SAMPLES samples"
} | tee "$OUT/settings.txt"

common=(--dataset "$DATASET" --validation 0 --threads "$THREADS" --quiet)
for name in "${names[@]}"; do
    line=$(echo "$ENTRIES" | grep "^$name|")
    config=$(echo "$line" | cut -d'|' -f2)
    read -r -a extra <<< "$(echo "$line" | cut -d'|' -f3)"
    k=$(echo "$line" | cut -d'|' -f4)
    n=$(echo "$line" | cut -d'|' -f5)
    k=${k:-$K}
    [ "$k" -le "$K" ] || [ "$DATASET" = mnist ] || k=$K
    [ -n "$n" ] && [ "$DATASET" = mnist ] || n=$EVAL_SIZE
    samples=$(echo "$line" | cut -d'|' -f6)
    samples=${samples:-$SAMPLES}
    dir="$OUT/$name"
    run="$dir/run"
    mkdir -p "$dir"
    if [ -f "$dir/eval.json" ] && { [ -f "$dir/sample-quality.json" ] || [ "$samples" = 0 ]; }; then
        continue # finished (its run folder may have been removed)
    fi
    if [ ! -f "$run/manifest.json" ]; then
        epochs=(--epochs 100000 --time-limit "$LIMIT")
        if [ "$name" = vq-vae ]; then # its phases need the epoch count: probe one epoch, and no cut-off
            rm -rf "$dir/probe"
            ./vaekit train --config "$config" "${common[@]}" "${extra[@]}" --epochs 1 --out "$dir/probe" > /dev/null
            e=$(python3 -c "import json,re,sys; s=json.loads(open(sys.argv[1]).read().splitlines()[-1])['seconds']; \
m=re.fullmatch(r'(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?', sys.argv[2]); \
t=3600*int(m[1] or 0)+60*int(m[2] or 0)+int(m[3] or 0); print(max(3, int(t / (s * 1.05))))" \
                "$dir/probe/metrics.jsonl" "$LIMIT")
            rm -rf "$dir/probe"
            epochs=(--epochs "$e" --autoencoder-epochs $((e * 2 / 3)))
        fi
        start=$(date +%s)
        if ! ./vaekit train --config "$config" "${common[@]}" "${extra[@]}" "${epochs[@]}" --out "$run" \
            > "$dir/train.log" 2>&1; then
            echo "$name: training failed: $(tail -n 1 "$dir/train.log")" | tee "$dir/failed.txt" >&2
            continue
        fi
        echo "$name: trained for $(($(date +%s) - start)) s" >&2
    fi
    if [ ! -f "$dir/eval.json" ]; then
        if ./vaekit eval "$run" --k "$k" --eval-size "$n" --threads "$THREADS" --json > "$dir/eval.tmp" \
            2> "$dir/eval.err"; then
            mv "$dir/eval.tmp" "$dir/eval.json"
        else
            echo "$name: eval: $(tail -n 1 "$dir/eval.err")" >&2
        fi
    fi
    if [ "$samples" = 0 ]; then
        echo "sample-quality not run at this budget (see the entries' comment)" > "$dir/sample-quality.err"
    elif [ ! -f "$dir/sample-quality.json" ]; then
        if ./vaekit sample-quality "$run" --n "$samples" --threads "$THREADS" "${CLASSIFIER[@]}" \
            > "$dir/sample-quality.txt" 2> "$dir/sample-quality.err"; then
            tail -n 1 "$dir/sample-quality.txt" > "$dir/sample-quality.json"
        else
            echo "$name: sample-quality: $(tail -n 1 "$dir/sample-quality.err")" >&2
        fi
    fi
done

python3 bench/report_families.py "$OUT" $known | tee "$OUT/table.md"
