#!/usr/bin/env bash
# bfloat16 against float32 matrix products through vaekit's libtorch (2.7.1, via DJL): the dense VAE's shapes and a
# square one, with 1 and with all intra-op threads; speed-up and the bf16 product's largest relative difference. Needs
# the peer's python3-torch (bench/setup-peer.sh) to write the TorchScript modules (bench/bf16_modules.py): DJL aborts on
# bfloat16 tensors made from Java. Prints machine, date and commit first. Run nothing else beside it.
# Usage: bench/bf16-matmul.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
R=bench/results/bf16
rm -rf "$R" && mkdir -p "$R"
bench/setup-peer.sh >/dev/null
./vaekit --help >/dev/null
/usr/bin/python3 bench/bf16_modules.py "$R/modules" >/dev/null
JAVA="$(./vaekit --which-java | cut -d: -f1)"
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores," \
    "flags: $(grep -o -w 'avx512f\|avx512_bf16\|amx_bf16\|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- || echo '-dirty')"
for t in 1 "$(nproc)"; do
    echo "threads $t:"
    DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE "$JAVA" -Xmx4g -Dai.djl.pytorch.num_threads="$t" \
        -Dai.djl.pytorch.num_interop_threads=1 --enable-native-access=ALL-UNNAMED \
        -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar bench/Bf16Matmul.java "$R/modules" 2>/dev/null | grep '^{'
done | tee "$R/bf16.txt"
