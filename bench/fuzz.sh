#!/usr/bin/env bash
# Fuzzes vaekit's parsers with Jazzer (coverage-guided): IDX, CSV (numeric and table with its schema), configs (JSON
# and YAML), the checkpoint manifest, latent-code files (NPY and CSV), image files (PNG, JPEG, GIF, BMP), BB-ANS
# compressed files. Each target runs in its own JVM for the given time; a crash fails its target, and Jazzer keeps the
# crashing input under
# vaekit-core/src/test/resources/dev/vaekit/fuzz/<Target>Inputs/, where the normal test run replays it from then on.
#
# Usage: bench/fuzz.sh [SECONDS-PER-TARGET=600] [TARGET...]   (TARGET e.g. CsvReaderFuzzTest; default all)
# Prints, per target, the inputs executed, the time and whether it found a crash; the full log is in
# bench/results/fuzz/fuzz.log. `mvn verify` runs the same targets for 5 s each.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_PER="${1:-600}"
shift || true
TARGETS="${*:-IdxReaderFuzzTest CsvReaderFuzzTest ConfigsFuzzTest CheckpointManifestFuzzTest LatentFilesFuzzTest ImageDecoderFuzzTest CompressedFileFuzzTest}"
OUT=bench/results/fuzz
mkdir -p "$OUT"
mvn -B -o -q -pl vaekit-core test-compile >/dev/null
printf '%-28s %12s %8s %s\n' target inputs seconds result
for t in $TARGETS; do
    log="$OUT/$t.log"
    set +e
    mvn -B -o -pl vaekit-core surefire:test@fuzz -Dtest="$t" -Dfuzz.duration="${SECONDS_PER}s" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2, $5}')
    result=$([ "$rc" = 0 ] && echo "no crash" || echo "CRASH or error (see $log)")
    printf '%-28s %12s %8s %s\n' "$t" "${runs% *}" "${runs#* }" "$result"
    cat "$log" >>"$OUT/fuzz.log"
done
