#!/usr/bin/env bash
# Run time of each disentanglement metric on the generated dSprites with disentanglement_lib's default settings,
# single-threaded (bench/DisentanglementTiming.java says what is timed), or with `synthetic` the metrics of codes of
# known quality. Usage: bench/disentanglement-timing.sh [synthetic]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -o -pl vaekit-core compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -pl vaekit-core dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$cp_file"
java_bin=$(./vaekit --which-java 2>/dev/null | cut -d: -f1 || true)
java_bin=${java_bin:-java}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); load $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -XX:ActiveProcessorCount=1 -cp "vaekit-core/target/classes:$(cat "$cp_file")" bench/DisentanglementTiming.java "$@"
