#!/usr/bin/env bash
# Anomaly detection on a real table: the Breast Cancer Wisconsin (Diagnostic) data (examples/data/, CC BY 4.0).
# Protocol: the malignant class is the anomaly. A VAE (configs/tabular-anomaly.yaml) is trained on 70% of the benign
# rows only; the test set is the other 30% of the benign rows plus every malignant row. Each test row is scored by
# importance-sampled log p(x) (k = 1000), the ELBO and An & Cho's reconstruction probability; the baseline is the
# squared reconstruction error of PCA fitted on the same training rows, for several numbers of components. The split
# is deterministic (every benign row whose benign-row count mod 10 is 0, 1 or 2 goes to the test set). The VAE is
# trained with SEEDS seeds (default 5) and the AUROCs are summarised as mean and standard deviation over seeds.
# Usage: bench/tabular-anomaly.sh [SEEDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${1:-5}"
out="$root/bench/results/tabular-anomaly-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
awk -F, -v train="$out/train.csv" -v test="$out/test.csv" '
  NR == 1 { print > train; print > test; next }
  $NF == "benign" { k++; if (k % 10 < 3) print > test; else print > train; next }
  { print > test }' "$root/examples/data/breast-cancer-wisconsin.csv"
echo "train: $(($(wc -l <"$out/train.csv") - 1)) benign rows; test: $(($(wc -l <"$out/test.csv") - 1)) rows" \
  "($(grep -c ',malignant$' "$out/test.csv") malignant)"
for seed in $(seq 1 "$seeds"); do
  "$root/vaekit" train --config "$root/configs/tabular-anomaly.yaml" --dataset "csv:$out/train.csv" \
    --seed "$seed" --out "$out/run-$seed" --quiet >/dev/null
  pca=""; [ "$seed" = 1 ] && pca="--pca 1,2,4,8,16"
  "$root/vaekit" score "$out/run-$seed" --dataset "csv:$out/test.csv" --k 1000 --anomaly-label malignant $pca \
    -o "$out/scores-$seed.csv" | tee "$out/score-$seed.txt" | sed "s/^/seed $seed: /"
done
echo
echo "AUROC (malignant = anomaly), mean ± sd over $seeds training seeds; PCA is deterministic:"
cat "$out"/score-*.txt | awk '
  /^  / { line = substr($0, 3); split(line, parts, /  +/); name = parts[1]; v = parts[2]; sub(/ ±.*/, "", v)
          n[name]++; s[name] += v; ss[name] += v * v; if (!(name in order)) { order[name] = ++count; names[count] = name } }
  END { for (i = 1; i <= count; i++) { m = names[i]; mean = s[m] / n[m]; var = n[m] > 1 ? (ss[m] - n[m] * mean * mean) / (n[m] - 1) : 0
          printf "  %-42s %.4f ± %.4f  (%d runs)\n", m, mean, sqrt(var > 0 ? var : 0), n[m] } }'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $("$root/vaekit" --which-java)"
echo "results: $out"
