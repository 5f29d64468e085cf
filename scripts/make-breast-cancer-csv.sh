#!/usr/bin/env bash
# Rebuilds examples/data/breast-cancer-wisconsin.csv from the copy of the Breast Cancer Wisconsin (Diagnostic) data
# that Debian's python3-sklearn package ships (sklearn/datasets/data/breast_cancer.csv). The package is downloaded
# with apt-get (no install, no root needed for the unpacking) and only the CSV is read: its first row is
# "569,30,malignant,benign", then 569 rows of 30 features and a target (0 = malignant, 1 = benign). We write a header
# with the feature names from the package's description and the diagnosis as text.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/examples/data/breast-cancer-wisconsin.csv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download python3-sklearn >/dev/null 2>&1) || {
  echo "make-breast-cancer-csv: apt-get download python3-sklearn failed" >&2; exit 1; }
dpkg -x "$work"/python3-sklearn_*.deb "$work/x"
src="$(find "$work/x" -path '*sklearn/datasets/data/breast_cancer.csv' | head -1)"
[ -n "$src" ] || { echo "make-breast-cancer-csv: breast_cancer.csv not in the package" >&2; exit 1; }
base="radius texture perimeter area smoothness compactness concavity concave_points symmetry fractal_dimension"
header=""
for stat in mean se worst; do
  for f in $base; do header="$header${header:+,}${stat}_${f}"; done
done
{
  echo "$header,diagnosis"
  tail -n +2 "$src" | tr -d '\r' | awk -F, -v OFS=, '{ $NF = ($NF == 0 ? "malignant" : "benign"); print }'
} >"$out"
echo "wrote $out ($(($(wc -l <"$out") - 1)) rows) from $(basename "$work"/python3-sklearn_*.deb)"
