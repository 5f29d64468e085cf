#!/usr/bin/env bash
# Rows per second of the Spark job (local[2]) against the single-machine command line, on the same rows, back to back.
# Trains a 784-400-20 VAE on mnist-mini (10 epochs) unless RUN is given; the input is mnist-mini's 6000 images repeated
# REPEAT times, as CSV (784 grey values and the label) and as Parquet. The command line reads the CSV; Spark reads each.
# Usage: bench/spark-throughput.sh [RUN] [K] [REPEAT]   (K: importance samples, default 100; REPEAT default 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=bench/results/spark
mkdir -p "$out"
run="${1:-$out/run}"
k="${2:-100}"
repeat="${3:-5}"
if [ ! -f "$run/manifest.json" ]; then
  ./vaekit train --dataset mnist-mini --hidden 400 --latent-dim 20 --epochs 10 --quiet --out "$run"
fi
mvn -B -q -o -DskipTests -Dspotless.check.skip=true install -pl vaekit-spark -am > "$out/build.log"
mvn -B -q -o dependency:build-classpath -pl vaekit-spark -Dmdep.includeScope=compile -Dmdep.outputFile="$PWD/$out/classpath.txt" > /dev/null
cp="vaekit-spark/target/classes:$(cat "$out/classpath.txt")"
java_bin=$(ls -d /usr/lib/jvm/*17*/bin/java 2>/dev/null | head -1); java_bin=${java_bin:-java}  # Spark 4.1 runs on Java 17 or 21 (Hadoop fails on 24+)
opens=$(sed -n 's:.*<spark.test.jvm.options>\(.*\)</spark.test.jvm.options>.*:\1:p' vaekit-spark/pom.xml)
rows="$out/rows-x$repeat.csv"
if [ ! -f "$rows" ]; then
  "$java_bin" $opens -cp "$cp" bench/SparkRows.java "$rows" "$repeat" > "$out/rows.log" 2>&1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); $("$java_bin" -version 2>&1 | head -1)"
n=$(($(wc -l < "$rows") - 1))
time_of() { local s e; s=$(date +%s.%N); "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
for task in encode score; do
  if [ "$task" = score ]; then extra=(--k "$k" --seed 1); else extra=(); fi
  cli_s=$(time_of env VAEKIT_JAVA="$java_bin" ./vaekit "$task" "$run" --dataset "csv:$rows" --split train -o "$out/cli-$task.csv" "${extra[@]}")
  printf '%-6s %d rows: CLI (csv) %.1f s, %.0f rows/s\n' "$task" "$n" "$cli_s" "$(echo "$n / $cli_s" | bc -l)"
  for input in "$rows" "${rows%.csv}.parquet"; do
    spark_s=$(time_of env DJL_OFFLINE=true "$java_bin" -Xmx4g $opens -cp "$cp" dev.vaekit.spark.SparkMain "$task" --run "$run" \
      --input "$input" --output "$out/spark-$task" --overwrite --master 'local[2]' "${extra[@]}")
    job=$(grep -o "[0-9]* rows in .*rows/s)" "$out/last.log")
    printf '%-6s %d rows: Spark local[2] (%s) %.1f s, %.0f rows/s (in the job: %s); Spark/CLI %.2fx\n' \
      "$task" "$n" "${input##*.}" "$spark_s" "$(echo "$n / $spark_s" | bc -l)" "$job" "$(echo "$cli_s / $spark_s" | bc -l)"
  done
done
