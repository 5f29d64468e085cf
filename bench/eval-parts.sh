#!/usr/bin/env bash
# An importance-sampled evaluation too long for one sitting (issue 34: k = 5000 on all 10,000 MNIST test images of a
# hierarchical VAE takes about 13 hours on 2 cores), run as parts of PART examples (`vaekit eval --from I --eval-size
# PART --json`), each appended to RESULTS as soon as it is done, so that a later session resumes where this one
# stopped (commit RESULTS; a session's machine keeps nothing else). A VAE's samples for an example depend only on the
# seed and the example's index, so the parts give the very log-likelihoods of one whole evaluation. When every part
# is in, prints the whole set's NLL and standard error (bench/CombineEval.java).
#
# Usage: bench/eval-parts.sh RUN RESULTS [--k K] [--part N] [--total N] [--minutes M] [-- EVAL-FLAGS...]
#   RUN          a run or model folder
#   RESULTS      a JSON-lines file of finished parts (created if missing), e.g. bench/checkpoints/nvae-mnist-eval.jsonl
#   --k K        importance samples per example (default 5000)
#   --part N     examples per part (default 250)
#   --total N    test examples in all (default 10000, MNIST's test set)
#   --minutes M  start no part after M minutes (default: no limit), to end before a session does
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
RUN="$1" RESULTS="$2"
shift 2
K=5000 PART=250 TOTAL=10000 MINUTES=0 EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --k) K="$2"; shift 2 ;;
        --part) PART="$2"; shift 2 ;;
        --total) TOTAL="$2"; shift 2 ;;
        --minutes) MINUTES="$2"; shift 2 ;;
        --) shift; EXTRA=("$@"); break ;;
        *) echo "eval-parts: unknown option $1" >&2; exit 2 ;;
    esac
done
touch "$RESULTS"
start=$(date +%s)
for ((from = 0; from < TOTAL; from += PART)); do
    if grep -q "\"firstExample\":$from," "$RESULTS"; then
        continue
    fi
    if [ "$MINUTES" != 0 ] && [ $(($(date +%s) - start)) -ge $((MINUTES * 60)) ]; then
        echo "[eval-parts] $MINUTES minutes are up; run again to go on" >&2
        exit 0
    fi
    size=$((TOTAL - from < PART ? TOTAL - from : PART))
    echo "[eval-parts] examples $from to $((from + size - 1)), k = $K ($(date -u +%H:%M))" >&2
    line="$("$ROOT/vaekit" eval "$RUN" --k "$K" --from "$from" --eval-size "$size" --json ${EXTRA[@]+"${EXTRA[@]}"})"
    echo "$line" >> "$RESULTS"
done
java_bin="$("$ROOT/vaekit" --which-java | cut -d: -f1)"
"$java_bin" -cp "$ROOT/vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar" "$ROOT/bench/CombineEval.java" "$RESULTS"
