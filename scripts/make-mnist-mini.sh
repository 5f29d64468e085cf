#!/usr/bin/env bash
# Builds the embedded "mnist-mini" dataset shipped in vaekit-core's resources: the first 5000 training and the first
# 1000 test images (and labels) of MNIST, as gzipped IDX files with rewritten headers.
#
# Usage: scripts/make-mnist-mini.sh [SOURCE_DIR [OUTPUT_DIR]]
#   SOURCE_DIR  folder holding the four MNIST IDX files, raw or .gz
#               (default: the mnist/ folder of the dataset cache that scripts/fetch-datasets.sh fills)
#   OUTPUT_DIR  default: vaekit-core/src/main/resources/dev/vaekit/data/mnist-mini
#
# The output is byte-for-byte reproducible: the source files are checked against their SHA-256, the subset is cut with
# plain byte offsets and gzip runs with -n (no name, no timestamp) and -9.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cache="${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}"
src="${1:-$cache/mnist}"
out="${2:-$root/vaekit-core/src/main/resources/dev/vaekit/data/mnist-mini}"

TRAIN_N=5000
TEST_N=1000

# SHA-256 of the uncompressed upstream files (same constants as scripts/fetch-datasets.sh).
declare -A SHA=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Stages the uncompressed bytes of $src/$1 (raw or .gz) as $tmp/$1.
stage() {
  if [[ -f "$src/$1" ]]; then
    cp "$src/$1" "$tmp/$1"
  elif [[ -f "$src/$1.gz" ]]; then
    gzip -dc "$src/$1.gz" > "$tmp/$1"
  else
    echo "make-mnist-mini: $src/$1(.gz): no such file; run scripts/fetch-datasets.sh first" >&2
    exit 1
  fi
}

for name in "${!SHA[@]}"; do
  stage "$name"
  actual="$(sha256sum "$tmp/$name" | cut -d' ' -f1)"
  if [[ "$actual" != "${SHA[$name]}" ]]; then
    echo "make-mnist-mini: $src/$name: expected SHA-256 ${SHA[$name]}, found $actual" >&2
    exit 1
  fi
done

# Writes a big-endian 32-bit unsigned integer as 4 raw bytes.
be32() {
  printf "\\x$(printf %02x $(( ($1 >> 24) & 255 )))\\x$(printf %02x $(( ($1 >> 16) & 255 )))"
  printf "\\x$(printf %02x $(( ($1 >> 8) & 255 )))\\x$(printf %02x $(( $1 & 255 )))"
}

# cut NAME COUNT: header (magic 00 00 08 0D, then the dimension sizes with the first replaced by COUNT) followed by the
# first COUNT items of the body.
cut_idx() {
  local name="$1" count="$2" ndim item header_len
  case "$name" in
    *images*) ndim=3; item=$((28 * 28)) ;;
    *labels*) ndim=1; item=1 ;;
  esac
  header_len=$((4 + 4 * ndim))
  {
    printf '\x00\x00\x08'
    printf "\\x$(printf %02x "$ndim")"
    be32 "$count"
    if [[ $ndim -eq 3 ]]; then
      be32 28
      be32 28
    fi
    # dd reads the file itself (no pipe that could be cut short under pipefail).
    dd if="$tmp/$name" iflag=skip_bytes,count_bytes skip="$header_len" count=$((count * item)) status=none
  } | gzip -n -9 > "$out/$name.gz"
}

mkdir -p "$out"
cut_idx train-images-idx3-ubyte "$TRAIN_N"
cut_idx train-labels-idx1-ubyte "$TRAIN_N"
cut_idx t10k-images-idx3-ubyte "$TEST_N"
cut_idx t10k-labels-idx1-ubyte "$TEST_N"

echo "make-mnist-mini: wrote $TRAIN_N training and $TEST_N test examples to $out"
(cd "$out" && sha256sum ./*.gz)
