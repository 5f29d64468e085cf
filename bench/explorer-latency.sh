#!/usr/bin/env bash
# Decode latency of the web explorer on loopback (issue: p95 <= 20 ms for a dense model). Trains a 784-400-2 VAE on
# mnist-mini (30 epochs, about a minute) unless RUN names a run folder, serves it, and loads it with
# bench/ExplorerLatency.java: 2000 sequential requests, then 4 clients x 500. Usage: bench/explorer-latency.sh [RUN]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
run="${1:-bench/results/explorer-latency-run}"
if [ ! -f "$run/manifest.json" ]; then
  ./vaekit train --dataset mnist-mini --hidden 400 --latent-dim 2 --epochs 30 --quiet --out "$run"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
./vaekit serve "$run" --port "$port" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "explorer:" "$log" && break; sleep 0.2; done
grep -q "explorer:" "$log" || { cat "$log" >&2; exit 1; }
java_bin=$(./vaekit --which-java | cut -d: -f1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
"$java_bin" bench/ExplorerLatency.java "http://127.0.0.1:$port" 2000 1
"$java_bin" bench/ExplorerLatency.java "http://127.0.0.1:$port" 500 4
