#!/usr/bin/env bash
# Benchmark: `promisc status --json` (with attribution) against `ip -d -j link show` on the
# same network namespace of 2,000 interfaces (1,000 veth pairs) with a few holders: user flags,
# a bridge with ports, packet-socket memberships. Both run through `nsenter --net` the same
# number of times, interleaved; the script prints each tool's median and the ratio.
#
# Usage: sudo [PROMISC_BIN=path] bench/status.sh [RUNS]     (default 30; builds the release
# binary first unless PROMISC_BIN names one)
# Target (issue #2): ratio promisc/ip <= 1.0.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
[ "$(id -u)" = 0 ] || { echo "bench/status.sh: needs root (creates a network namespace)" >&2; exit 4; }
if [ -z "${PROMISC_BIN:-}" ]; then cargo build --release -q; fi
bin=${PROMISC_BIN:-$PWD/target/release/promisc}
ns=promisc-bench-$$
holder_pid=
cleanup() {
  [ -n "$holder_pid" ] && kill "$holder_pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$ns"
{
  for i in $(seq 0 999); do echo "link add v${i}a type veth peer name v${i}b"; done
  echo "link add br0 type bridge"
  for i in $(seq 0 9); do echo "link set v${i}a master br0"; done
  for i in $(seq 10 14); do echo "link set v${i}a promisc on"; done
  for i in $(seq 0 999); do echo "link set v${i}a up"; done
} | ip -n "$ns" -batch -
ip netns exec "$ns" "$bin" hold v20a v21a v22a --for 1h 2>/dev/null &
holder_pid=$!
sleep 0.5

count=$(ip -n "$ns" -j link show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "namespace $ns: $count interfaces"
run() { nsenter --net=/run/netns/"$ns" "$@" >/dev/null; }
# Sanity: promisc must have explained every holder.
unexplained=$(nsenter --net=/run/netns/"$ns" "$bin" status --json | python3 -c '
import json,sys
d=json.load(sys.stdin)["interfaces"]; print(sum(1 for i in d if i["unattributed"]!=0))')
echo "interfaces with an unattributed residual: $unexplained"

declare -a t_ip t_pm
now() { date +%s%N; }
run ip -d -j link show; run "$bin" status --json   # warm up
for _ in $(seq "$runs"); do
  a=$(now); run ip -d -j link show; b=$(now); t_ip+=($((b - a)))
  a=$(now); run "$bin" status --json; b=$(now); t_pm+=($((b - a)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
m_ip=$(median "${t_ip[@]}"); m_pm=$(median "${t_pm[@]}")
awk -v ip="$m_ip" -v pm="$m_pm" -v runs="$runs" 'BEGIN {
  printf "%-34s %10.2f ms\n", "ip -d -j link show (median)", ip / 1e6
  printf "%-34s %10.2f ms\n", "promisc status --json (median)", pm / 1e6
  printf "ratio promisc/ip: %.3f (target <= 1.0, %d runs each)\n", pm / ip, runs
}'
