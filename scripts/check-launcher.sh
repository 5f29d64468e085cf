#!/usr/bin/env bash
# Checks the launcher `./vaekit` on a fresh clone of this repository's HEAD, with every JDK >= 17 in /usr/lib/jvm:
# the first run builds and records the class-data-sharing archive; a second run neither builds nor records; the
# archive is used (classes come from it); a changed source rebuilds and replaces the archive; VAEKIT_CDS=0 runs
# without one; `sample` works. Prints one line per check and exits non-zero on the first failure.
# Usage: scripts/check-launcher.sh   (needs Maven's dependencies already in the local repository; a few minutes)
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/repo"
[ -f "$src/.mvn/maven.config" ] && mkdir -p "$work/repo/.mvn" && cp "$src/.mvn/maven.config" "$work/repo/.mvn/"  # the same local repository
cd "$work/repo"
cds="vaekit-cli/target/cds"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

jdks=()
for j in /usr/lib/jvm/*/bin/java; do
  [ -L "$(dirname "$(dirname "$j")")" ] && continue  # an alias of another JDK folder
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$j")")/release" 2>/dev/null || true)
  [ -n "$v" ] && [ "$v" -ge 17 ] && jdks+=("$j")
done
[ ${#jdks[@]} -gt 0 ] || fail "no JDK >= 17 under /usr/lib/jvm"

first=1
for java in "${jdks[@]}"; do
  export VAEKIT_JAVA="$java"
  name="$("$java" -version 2>&1 | head -1)"
  out=$(./vaekit --version 2>&1) || fail "$name: --version: $out"
  if [ $first = 1 ]; then
    grep -q 'building' <<<"$out" || fail "$name: the fresh clone was not built"
    ok "$name: fresh clone builds and runs: $(tail -1 <<<"$out")"
    first=0
  fi
  archive=$(ls -t "$cds"/*.jsa 2>/dev/null | head -1)
  [ -n "$archive" ] || fail "$name: no archive recorded (markers: $(ls "$cds" 2>/dev/null | tr '\n' ' '))"
  ok "$name: archive recorded ($(du -h "$archive" | cut -f1))"
  before=$(stat -c %Y "$archive")
  out=$(./vaekit --version 2>&1)
  [ "$out" = "vaekit 0.1.0-SNAPSHOT" ] || fail "$name: second run printed more than the version: $out"
  [ "$(stat -c %Y "$archive")" = "$before" ] || fail "$name: the archive was recorded again"
  ok "$name: second run neither builds nor records"
  # the archive is used: with class loading logged, vaekit's classes come from the shared archive
  shared=$("$java" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="$archive" -Xmx4g \
      --enable-native-access=ALL-UNNAMED -Xlog:class+load -jar vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar \
      --version | grep -c 'dev.vaekit.cli.Main source: shared objects file' || true)
  [ "$shared" -ge 1 ] || fail "$name: the archive is not used"
  ok "$name: vaekit's classes are loaded from the archive"
  out=$(VAEKIT_CDS=0 ./vaekit --version 2>&1)
  [ "$out" = "vaekit 0.1.0-SNAPSHOT" ] || fail "$name: VAEKIT_CDS=0: $out"
  ok "$name: VAEKIT_CDS=0 runs without an archive"
done

java="${jdks[0]}"
export VAEKIT_JAVA="$java"
touch vaekit-core/src/main/java/dev/vaekit/engine/Engines.java
old=$(ls "$cds")
out=$(./vaekit --version 2>&1)
grep -q 'building' <<<"$out" || fail "a changed source did not rebuild"
[ "$(ls "$cds")" != "$old" ] || [ -n "$(find "$cds" -name '*.jsa' -newer vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar)" ] \
  || fail "the archive was not recorded again after the rebuild"
ok "a changed source rebuilds and records a new archive"
mkdir -p "$work/run"
./vaekit train --dataset mnist-mini --epochs 1 --hidden 16 --latent-dim 2 --quiet --threads 1 --out "$work/run/r" \
  >/dev/null 2>&1 || fail "train"
./vaekit sample "$work/run/r" -o "$work/run/s.png" --threads 1 >/dev/null || fail "sample"
[ -s "$work/run/s.png" ] || fail "sample wrote nothing"
ok "train and sample work through the launcher"
echo "all launcher checks passed"
