#!/usr/bin/env bash
# Start-up times of the launcher: `vaekit --help` and `vaekit sample` (16 images of a tiny run), each the median of
# REPS runs, wall and CPU (user + sys) seconds, with the newest JDK and with every other JDK >= 17 in /usr/lib/jvm,
# with the class-data-sharing archive (the default) and without it (VAEKIT_CDS=0). Targets (issue 32): --help <= 0.5 s,
# sample <= 1.5 s wall. Run nothing else heavy beside it.
# Usage: bench/startup.sh [REPS]   (default 9)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPS="${1:-9}"
R=bench/results/startup
rm -rf "$R" && mkdir -p "$R"
./vaekit --help >/dev/null  # builds if needed and records the archive of the newest JDK
./vaekit train --dataset mnist-mini --epochs 1 --quiet --threads 1 --out "$R/tiny-run" >/dev/null 2>&1
echo "machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
/usr/bin/python3 - "$R" "$REPS" <<'PY'
import glob, os, statistics, subprocess, sys, time
R, reps = sys.argv[1], int(sys.argv[2])
def jdks():
    out = []
    for j in sorted(glob.glob("/usr/lib/jvm/*/bin/java")):
        home = os.path.dirname(os.path.dirname(j))
        if os.path.islink(home):
            continue
        try:
            v = [l.split('"')[1] for l in open(home + "/release") if l.startswith("JAVA_VERSION=")][0]
        except (OSError, IndexError):
            continue
        if int(v.split(".")[0]) >= 17:
            out.append((int(v.split(".")[0]), v, j))
    return sorted(out, reverse=True)
def measure(cmd, env):
    walls, cpus = [], []
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # records
    for _ in range(reps):
        before = os.times()
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = os.times()
        cpus.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return statistics.median(walls), min(walls), statistics.median(cpus)
commands = {"--help": ["./vaekit", "--help"],
            "sample": ["./vaekit", "sample", R + "/tiny-run", "-o", R + "/s.png", "--n", "16"]}
print(f"{'JDK':<10} {'CDS':<4} {'command':<8} {'wall median':>12} {'wall min':>9} {'CPU median':>11}   (s, {reps} runs)")
for major, version, java in jdks():
    for cds in ("1", "0"):
        env = dict(os.environ, VAEKIT_JAVA=java, VAEKIT_CDS=cds)
        for name, cmd in commands.items():
            w, wmin, c = measure(cmd, env)
            print(f"{version:<10} {'on' if cds == '1' else 'off':<4} {name:<8} {w:12.2f} {wmin:9.2f} {c:11.2f}")
PY
