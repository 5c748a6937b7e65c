#!/usr/bin/env bash
# Instruction counts of `promisc read -r FILE -n > /dev/null` for one or more promisc binaries,
# under valgrind's callgrind: deterministic for a binary and a file, whatever the machine's
# load, so builds can be compared (and bisected) where wall time is too noisy.
#
# Usage: bench/instructions.sh FILE BIN [BIN...]
#   FILE  a pcap or pcapng file (e.g. the first 200,000 records of a bench/read.sh file:
#         head -c $((24 + 200000 * 80)) 2m.pcap > 200k.pcap for 64-byte frames)
#   BIN   promisc binaries (release builds of the commits to compare)
# Needs valgrind (installed with apt when missing, as root). No privileges otherwise.
set -euo pipefail
[ $# -ge 2 ] || { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2; }
file=$1; shift
[ -r "$file" ] || { echo "instructions.sh: cannot read $file" >&2; exit 4; }
if ! command -v valgrind >/dev/null; then
  apt-get install -y -qq valgrind >/dev/null || { echo "instructions.sh: valgrind missing" >&2; exit 4; }
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
first=
printf '%-60s %15s %8s\n' binary instructions ratio
for bin in "$@"; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" read -r "$file" -n \
    >/dev/null 2>"$out/log" || { cat "$out/log" >&2; exit 4; }
  n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
  first=${first:-$n}
  printf '%-60s %15s %8s\n' "$bin" "$n" "$(awk -v a="$n" -v b="$first" 'BEGIN {printf "%.4f", a / b}')"
done
