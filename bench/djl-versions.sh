#!/usr/bin/env bash
# DJL versions against each other (issue 32): builds the command line once per version (default 0.35.1 and 0.36.0,
# libtorch 2.7.1 for both) into bench/results/djl/<version>/, then runs the same workloads with each, interleaved
# (A B A B) so that drift of the machine hits both alike:
#   the GEMM ceiling and training steps of the dense and conv VAEs on mnist-mini (bench/PerfSteps.java),
#   a dense MNIST VAE epoch (784-400-20, batch 128; median of epochs 2..3),
#   the importance-sampled evaluation (k = 5000 on 200 test images).
# Prints one line per workload and version with the ratio to the first version; machine, date and commit first. All
# runs use --threads N fixed (default: all cores) so that the versions are compared, not the thread adaptation.
# Finally rebuilds with the pom's version. Run nothing else beside it; it takes some 15 minutes.
# Usage: bench/djl-versions.sh [--threads N] [VERSION...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS=$(nproc)
if [ "${1:-}" = --threads ]; then THREADS="$2"; shift 2; fi
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(0.35.1 0.36.0)
R=bench/results/djl
rm -rf "$R" && mkdir -p "$R"
DATA_ROOT="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
[ -e "$DATA_ROOT/mnist/train-images-idx3-ubyte" ] || [ -e "$DATA_ROOT/mnist/train-images-idx3-ubyte.gz" ] \
    || scripts/fetch-datasets.sh "$DATA_ROOT"
JAVA="$(./vaekit --which-java | cut -d: -f1)"
JAR=vaekit-cli-0.1.0-SNAPSHOT.jar
log() { echo "[djl-versions] $*" >&2; }

for v in "${VERSIONS[@]}"; do
    log "building with DJL $v"
    rm -rf "vaekit-cli/target/$JAR" vaekit-cli/target/lib  # the jar plugin keeps a jar whose classes did not change
    mvn -q -B -Ddjl.version="$v" -Dmaven.test.skip=true -pl vaekit-cli -am package >"$R/build-$v.log" 2>&1
    mkdir -p "$R/$v/lib"
    cp "vaekit-cli/target/$JAR" "$R/$v/"
    # only the jars this build's manifest names (target/lib may still hold another version's)
    unzip -p "vaekit-cli/target/$JAR" META-INF/MANIFEST.MF | tr -d '\r' | sed -n '/^Class-Path:/,/^[A-Z]/p' \
        | sed 's/^Class-Path: //; s/^ //' | tr -d '\n' | sed 's/Main-Class:.*//' | tr ' ' '\n' | grep . \
        | while read -r entry; do cp "vaekit-cli/target/$entry" "$R/$v/lib/"; done
done
log "rebuilding with the pom's version"
rm -rf "vaekit-cli/target/$JAR" vaekit-cli/target/lib
mvn -q -B -Dmaven.test.skip=true -pl vaekit-cli -am install >"$R/build-pom.log" 2>&1
touch "vaekit-cli/target/$JAR"

{
    echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- || echo '-dirty');" \
        "$("$JAVA" -version 2>&1 | head -1); $THREADS threads"
} | tee "$R/machine.txt"

export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
java_opts=(-Xmx4g -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
    --enable-native-access=ALL-UNNAMED)
for round in 1 2; do
    for v in "${VERSIONS[@]}"; do
        log "round $round, DJL $v"
        out="$R/$v/round$round"
        mkdir -p "$out"
        "$JAVA" "${java_opts[@]}" -cp "$R/$v/$JAR" bench/PerfSteps.java gemm 2>/dev/null | grep '^{' >"$out/steps.jsonl"
        for c in dense-vae conv-vae; do
            "$JAVA" "${java_opts[@]}" -cp "$R/$v/$JAR" bench/PerfSteps.java step "configs/$c.yaml" 3 2>/dev/null \
                | grep '^{' >>"$out/steps.jsonl"
        done
        "$JAVA" "${java_opts[@]}" -jar "$R/$v/$JAR" train --dataset mnist --validation 0 --hidden 400 --latent-dim 20 \
            --epochs 3 --batch-size 128 --seed 1 --quiet --out "$out/run" >"$out/train.log" 2>&1
        "$JAVA" "${java_opts[@]}" -jar "$R/$v/$JAR" eval "$out/run" --k 5000 --eval-size 200 --json \
            >"$out/eval.json" 2>"$out/eval.log"
    done
done

/usr/bin/python3 - "$R" "${VERSIONS[@]}" <<'PY' | tee "$R/report.txt"
import json, statistics, sys
R, versions = sys.argv[1], sys.argv[2:]
def results(v, r):
    out = {}
    for line in open(f"{R}/{v}/round{r}/steps.jsonl"):
        o = json.loads(line)
        out[o["workload"]] = o.get("seconds", o.get("secondsPerStep"))
    epochs = [json.loads(l)["seconds"] for l in open(f"{R}/{v}/round{r}/run/metrics.jsonl")]
    out["dense MNIST epoch (median of 2..3)"] = statistics.median(epochs[1:])
    out["IWAE eval k=5000, 200 images"] = json.load(open(f"{R}/{v}/round{r}/eval.json"))["seconds"]
    return out
table = {v: [results(v, r) for r in (1, 2)] for v in versions}
first = versions[0]
print(f"{'workload (seconds; the better of 2 rounds)':44s} " + " ".join(f"{v:>12s}" for v in versions)
      + "   " + " ".join(f"{v + '/' + first:>14s}" for v in versions[1:]))
for w in table[first][0]:
    best = {v: min(table[v][0][w], table[v][1][w]) for v in versions}
    print(f"{w:44s} " + " ".join(f"{best[v]:12.4g}" for v in versions) + "   "
          + " ".join(f"{best[v] / best[first]:14.3f}" for v in versions[1:]))
PY
