#!/usr/bin/env bash
# Writes the fixture runs of the checkpoint format as it stood in December 2026 (formatVersion 1, with best and
# averaged weights): one small run per model kind, trained on the embedded mnist-mini data or a 2-D toy set, and
# what each computed when it was written: `eval --json` and the codes and decodings of a few test rows.
# OlderCheckpointTest checks that later versions load every one and compute the same. Run once, from the repository
# root, with the vaekit of commit 3ef253d; the output is committed, so never rerun it on a later
# version (that would make the test compare a version with itself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../../../../../.."
v=./vaekit
common=(--epochs 2 --quiet --threads 1)
train() { local name=$1; shift; rm -rf "$here/$name"; $v train --out "$here/$name" "${common[@]}" "$@" >/dev/null; }
train dense-vae --hidden 16 --latent-dim 2 --ema-decay 0.9
train conv-ae --model conv-ae --hidden 4,8 --latent-dim 2
train iaf-vae --hidden 16 --latent-dim 2 --posterior-flow iaf --flow-length 2 --flow-hidden 16 --estimator a
train vamp-vae --hidden 16 --latent-dim 2 --prior vamp --pseudo-inputs 5 --estimator iwae --samples 2
train cvae --hidden 16 --latent-dim 2 --condition-classes 10
train pixel-vae --model pixel-vae --hidden 4 --latent-dim 2 --pixel-layers 2 --pixel-channels 4 --residual-blocks 0 \
  --binarize none --likelihood discretized-logistic
train realnvp --model realnvp --binarize none --dequantize --hidden 4 --flow-length 2 --flow-levels 1 --residual-blocks 1
train maf-moons --model maf --dataset moons --binarize none --hidden 8 --flow-length 2
for run in dense-vae iaf-vae vamp-vae cvae pixel-vae; do
  $v eval "$here/$run" --k 4 --eval-size 8 --json > "$here/$run/expected-eval.json"
done
for run in realnvp maf-moons; do
  $v eval "$here/$run" --eval-size 8 --json > "$here/$run/expected-eval.json"
done
for run in dense-vae conv-ae iaf-vae vamp-vae cvae pixel-vae; do
  $v encode "$here/$run" --n 5 -o "$here/$run/expected-codes.csv" >/dev/null
done
for run in dense-vae conv-ae iaf-vae vamp-vae; do
  $v decode "$here/$run" -i "$here/../codes.csv" --rows "$here/$run/expected-decoded.csv" >/dev/null
done
# the run's path and the wall time are not results; loss.png is not part of a checkpoint
rm -f "$here"/*/loss.png
for f in "$here"/*/expected-eval.json; do
  python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); [o.pop(k,None) for k in ("run","seconds")]; open(sys.argv[1],"w").write(json.dumps(o)+"\n")' "$f"
done
