#!/usr/bin/env bash
# Benchmark (issue #3): reading a 2,000,000-packet pcap file, promisc against tcpdump.
#   rewrite: `promisc read -r F -w /dev/null`      against `tcpdump -r F -w /dev/null`
#   print:   `promisc read -r F -n > /dev/null`    against `tcpdump -n -r F > /dev/null`
# TZ=UTC for both. Every command runs pinned to CPU 1, RUNS times, interleaved (the order
# rotates each run), after one warm-up run each; the script reports medians of wall time (and
# of user+sys CPU time) and the speed-ups tcpdump time / promisc time. Before timing, it checks
# that both print the same lines and write the same bytes.
#
# Usage: sudo [PROMISC_BIN=path] bench/read.sh [-r RUNS] [FILE]
#   -r RUNS  timed runs of each command (default 7)
#   FILE     the pcap file to read (e.g. kept by `bench/capture.sh -k FILE`); it is copied to a
#            private tmpfs first. Without it, the script makes one as bench/capture.sh does:
#            2,000,000 64-byte UDP frames from trafgen through a veth pair in a namespace of its
#            own, captured by `promisc capture -B 131072`.
#   PROMISC_BIN=path measures that binary; by default the script builds target/release/promisc
# Targets: printing at least 5x faster than tcpdump; rewriting at least as fast. The script
# measures and does not judge: it exits 0 when a target is missed, 4 on a set-up failure.
set -euo pipefail
runs=7
while getopts r:h opt; do
  case $opt in
    r) runs=$OPTARG ;;
    *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $runs =~ ^[1-9][0-9]?$ ]] || { echo "-r: 1 to 99" >&2; exit 2; }
src=${1:-}
[ -z "$src" ] || [ -r "$src" ] || { echo "read.sh: cannot read $src" >&2; exit 4; }
export TZ=UTC LC_ALL=C

. "$(dirname "$0")/capture-lib.sh"
pb_prepare
trap pb_cleanup EXIT
trap 'exit 130' INT TERM HUP
frames=2000000
if [ -n "$src" ]; then
  size_mb=$(( $(stat -c %s "$src") / 1048576 ))
else
  size_mb=$(( frames * 80 / 1048576 ))
fi
# The file, the two rewritten copies and the two printouts (about 60 bytes a line).
pb_tmpfs $(( size_mb * 3 + frames * 3 * 70 / 1048576 + 256 ))
f=$pb_dir/packets.pcap
if [ -n "$src" ]; then
  cp "$src" "$f"
  origin="$src (copied)"
else
  pb_netns
  pb_capture promisc 'listening on' "$frames" "$pb_bin" capture -i veth0 -w "$f" -B 131072
  [ "$pb_exit" = 0 ] || { cat "$pb_dir/promisc.log" >&2; pb_die "promisc capture failed"; }
  ip netns del "$pb_ns"
  pb_ns=
  origin="captured by promisc capture -B 131072 from $frames frames sent by trafgen"
fi
count=$(pb_count "$f")
[ -n "$count" ] || pb_die "capinfos cannot read $f"
echo "machine: $(nproc) CPUs, $(uname -r), load average at start: $(cut -d' ' -f1-3 /proc/loadavg); busy processes: $(pb_busy)"
pb_describe
echo "tools: $("$pb_bin" --version 2>/dev/null || echo promisc), $(tcpdump --version 2>&1 | head -1), $(tcpdump --version 2>&1 | sed -n 2p)"
echo "file: $count packets, $(stat -c %s "$f") bytes, $origin"
[ "$count" = "$frames" ] || echo "note: the file holds $count packets, not $frames"

# Same output? Printing: line by line. Rewriting: byte by byte.
"$pb_bin" read -r "$f" -n >"$pb_dir/promisc.txt" 2>/dev/null || pb_die "promisc read -n failed"
tcpdump -n -r "$f" >"$pb_dir/tcpdump.txt" 2>/dev/null || pb_die "tcpdump -n -r failed"
if cmp -s "$pb_dir/promisc.txt" "$pb_dir/tcpdump.txt"; then
  echo "printing: the same $(wc -l <"$pb_dir/tcpdump.txt") lines from both"
else
  line=$(cmp "$pb_dir/promisc.txt" "$pb_dir/tcpdump.txt" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p' || true)
  echo "printing: the outputs DIFFER (promisc $(wc -l <"$pb_dir/promisc.txt") lines, tcpdump $(wc -l <"$pb_dir/tcpdump.txt")); first at line ${line:-?}:"
  [ -n "$line" ] && { echo "  promisc: $(sed -n "${line}p" "$pb_dir/promisc.txt")"; echo "  tcpdump: $(sed -n "${line}p" "$pb_dir/tcpdump.txt")"; }
fi
rm -f "$pb_dir/promisc.txt" "$pb_dir/tcpdump.txt"
"$pb_bin" read -r "$f" -w "$pb_dir/promisc.pcap" 2>/dev/null || pb_die "promisc read -w failed"
tcpdump -r "$f" -w "$pb_dir/tcpdump.pcap" 2>/dev/null || pb_die "tcpdump -r -w failed"
if cmp -s "$pb_dir/promisc.pcap" "$pb_dir/tcpdump.pcap"; then
  echo "rewriting: the same $(stat -c %s "$pb_dir/tcpdump.pcap") bytes from both"
else
  echo "rewriting: the files DIFFER: $(cmp "$pb_dir/promisc.pcap" "$pb_dir/tcpdump.pcap" 2>&1 | head -1);" \
    "promisc's holds $(pb_count "$pb_dir/promisc.pcap") packets, tcpdump's $(pb_count "$pb_dir/tcpdump.pcap")"
fi
rm -f "$pb_dir/promisc.pcap" "$pb_dir/tcpdump.pcap"

names=("promisc read -r F -w /dev/null" "tcpdump -r F -w /dev/null"
  "promisc read -r F -n > /dev/null" "tcpdump -n -r F > /dev/null")
results=$pb_dir/read.tsv
: >"$results"
# One timed run of command I (0..3); appends "I wall_us cpu_us" to $results unless WARM.
run_cmd() {
  local i=$1 warm=${2:-} ru=$pb_dir/read.rusage
  local -a cmd
  case $i in
    0) cmd=("$pb_bin" read -r "$f" -w /dev/null) ;;
    1) cmd=(tcpdump -r "$f" -w /dev/null) ;;
    2) cmd=("$pb_bin" read -r "$f" -n) ;;
    3) cmd=(tcpdump -n -r "$f") ;;
  esac
  rm -f "$ru"
  taskset -c 1 python3 "$pb_root/bench/rusage.py" "$ru" "$ru.pid" "${cmd[@]}" >/dev/null 2>/dev/null \
    || pb_die "rusage.py failed"
  local usr sys rss code wall
  read -r usr sys rss code wall <"$ru"
  [ "$code" = 0 ] || pb_die "${names[$i]} exited with status $code"
  [ -n "$warm" ] || printf '%s\t%s\t%s\n' "$i" "$wall" "$((usr + sys))" >>"$results"
}
for i in 0 1 2 3; do run_cmd "$i" warm; done
for r in $(seq "$runs"); do
  for k in 0 1 2 3; do run_cmd $(((k + r - 1) % 4)); done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); busy processes: $(pb_busy)"

python3 - "$results" "$runs" "${names[@]}" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
runs, names = int(sys.argv[2]), sys.argv[3:]
med = statistics.median
wall = {i: med(int(r[1]) for r in rows if int(r[0]) == i) / 1e6 for i in range(4)}
cpu = {i: med(int(r[2]) for r in rows if int(r[0]) == i) / 1e6 for i in range(4)}
lo = {i: min(int(r[1]) for r in rows if int(r[0]) == i) / 1e6 for i in range(4)}
hi = {i: max(int(r[1]) for r in rows if int(r[0]) == i) / 1e6 for i in range(4)}
print(f"\n{runs} runs each, pinned to CPU 1, interleaved; median wall time [min-max], median user+sys")
print(f"{'':<36}{'wall s':>8}{'[min-max]':>17}{'CPU s':>8}")
for i in range(4):
    span = f"[{lo[i]:.3f}-{hi[i]:.3f}]"
    print(f"{names[i]:<36}{wall[i]:>8.3f}{span:>17}{cpu[i]:>8.3f}")
print("\nspeed-up, tcpdump time / promisc time (median wall):")
print(f"  rewrite -w /dev/null: {wall[1] / wall[0]:.2f}x (target >= 1.0)")
print(f"  print -n > /dev/null: {wall[3] / wall[2]:.2f}x (target >= 5.0)")
EOF
