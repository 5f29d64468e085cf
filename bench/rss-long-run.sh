#!/usr/bin/env bash
# Trains a dense VAE for many epochs on the embedded mnist-mini data and samples the JVM's resident set size (VmRSS)
# once a second, to show whether native memory stays flat over a long run.
# Usage: bench/rss-long-run.sh [epochs=300] [out=bench/results/rss-long-run]
# Prints RSS after the first 10% of the samples (warm-up), at the end, the maximum, and the least-squares slope in
# MiB per 100 epochs; writes the samples to OUT/rss.csv. The Java heap is fixed and pre-touched (-Xms = -Xmx,
# AlwaysPreTouch) so that a growing RSS means native memory, not the heap being expanded.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-300}"
out="${2:-$root/bench/results/rss-long-run}"
rm -rf "$out" && mkdir -p "$out"
"$root/vaekit" --help >/dev/null # builds the jar if needed
jar="$root/vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar"
DJL_OFFLINE=true java -Xms384m -Xmx384m -XX:+AlwaysPreTouch -Dai.djl.pytorch.num_threads=1 -jar "$jar" train --dataset mnist-mini --hidden 400 \
  --latent-dim 20 --epochs "$epochs" --patience 0 --quiet --out "$out/run" >"$out/train.log" 2>&1 &
pid=$!
echo "seconds,epochs,rss_kib" >"$out/rss.csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  done_epochs=$( [ -f "$out/run/metrics.jsonl" ] && wc -l <"$out/run/metrics.jsonl" || echo 0)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$done_epochs,$rss" >>"$out/rss.csv"
  sleep 1
done
wait "$pid"
python3 - "$out/rss.csv" <<'PY'
import csv, sys
rows = [(int(r["seconds"]), int(r["epochs"]), int(r["rss_kib"])) for r in csv.DictReader(open(sys.argv[1]))]
rows = [r for r in rows if r[1] > 0]
warm = rows[len(rows) // 10:]
n = len(warm)
mx = sum(r[1] for r in warm) / n
my = sum(r[2] for r in warm) / n
slope = sum((r[1] - mx) * (r[2] - my) for r in warm) / max(1e-9, sum((r[1] - mx) ** 2 for r in warm))
print(f"samples {len(rows)} over {rows[-1][0]} s, epochs {rows[0][1]}..{rows[-1][1]}")
print(f"RSS after warm-up (epoch {warm[0][1]}): {warm[0][2] / 1024:.0f} MiB; at the end: {rows[-1][2] / 1024:.0f} MiB; "
      f"max {max(r[2] for r in rows) / 1024:.0f} MiB")
print(f"slope after warm-up: {slope * 100 / 1024:+.2f} MiB per 100 epochs")
PY
