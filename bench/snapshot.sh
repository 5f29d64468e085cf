#!/usr/bin/env bash
# Keeps a long run's folder in git, under bench/checkpoints/, and brings it back, so that a later session can resume it
# (a session's machine keeps nothing that is not committed). Files over 4 MiB (Adam's moments of the larger flows) are
# stored as numbered parts, since the repository takes no file over 8 MiB; restore joins them again, and `train
# --resume` then checks every file against the run's manifest.json, so a wrongly joined file is refused.
#
# Usage: bench/snapshot.sh save RUN_DIR            copy RUN_DIR to bench/checkpoints/<its name>/ (replacing it)
#        bench/snapshot.sh restore NAME [DEST_DIR]  copy bench/checkpoints/NAME/ to DEST_DIR (default bench/results/NAME)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PART_BYTES=$((4 * 1024 * 1024))

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 2 ] || usage
case "$1" in
    save)
        run="${2%/}"
        [ -f "$run/manifest.json" ] || { echo "snapshot: $run holds no checkpoint (no manifest.json)" >&2; exit 2; }
        dest="$ROOT/bench/checkpoints/$(basename "$run")"
        tmp="$dest.tmp"
        rm -rf "$tmp"
        mkdir -p "$tmp"
        for f in "$run"/*; do
            [ -f "$f" ] || continue
            name="$(basename "$f")"
            if [ "$(stat -c %s "$f")" -gt "$PART_BYTES" ]; then
                split -b "$PART_BYTES" -d -a 2 "$f" "$tmp/$name.part-"
            else
                cp "$f" "$tmp/$name"
            fi
        done
        rm -rf "$dest"
        mv "$tmp" "$dest"
        echo "snapshot: saved $run to $dest"
        ;;
    restore)
        src="$ROOT/bench/checkpoints/$2"
        [ -d "$src" ] || { echo "snapshot: no snapshot named $2 in bench/checkpoints" >&2; exit 2; }
        dest="${3:-$ROOT/bench/results/$2}"
        [ -e "$dest" ] && { echo "snapshot: $dest exists; move it away first" >&2; exit 2; }
        mkdir -p "$dest"
        for f in "$src"/*; do
            name="$(basename "$f")"
            case "$name" in
                *.part-00) cat "$src/${name%.part-00}".part-* > "$dest/${name%.part-00}" ;;
                *.part-*) ;;
                *) cp "$f" "$dest/$name" ;;
            esac
        done
        echo "snapshot: restored $2 to $dest"
        ;;
    *) usage ;;
esac
