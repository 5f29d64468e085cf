#!/usr/bin/env bash
# Burda et al.'s one-stochastic-layer VAE (configs/burda-vae.yaml) trained for as many epochs as fit in a time budget
# (default 100 minutes), then evaluated with k = 5000 importance samples on all 10,000 test images.
#
# Usage: bench/burda-vae.sh [--minutes M] [--seconds-per-epoch S] [--k K] [--eval-size N]
# Everything is bench/train-config.sh's; see there. Results: bench/results/burda-vae/ and burda-vae-eval.json.
exec "$(dirname "${BASH_SOURCE[0]}")/train-config.sh" "$(dirname "${BASH_SOURCE[0]}")/../configs/burda-vae.yaml" \
    --minutes 100 "$@"
