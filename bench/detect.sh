#!/usr/bin/env bash
# Benchmark (issue #12): `promisc detect` against `nmap -sn --script sniffer-detect` and, for
# the discovery phase alone (`promisc detect --discover-only`), against `arp-scan`, in one run,
# on a LAN in network namespaces: a bridge, a scanner on a plain veth (192.0.2.1), and HOSTS
# live hosts in 192.0.2.0/24 whose NIC is a macvlan on a veth with `arp off` (a receive filter
# like real hardware); every fifth one (192.0.2.10, .15, ...) is promiscuous (user flag).
# Every tool scans the whole /24. Each runs ROUNDS times, interleaved; medians of wall time.
# Before timing, the script checks what each finds: the promiscuous hosts (promisc, nmap) and
# the live hosts (promisc, arp-scan, nmap).
#
# Usage: sudo [PROMISC_BIN=path] bench/detect.sh [-r ROUNDS] [-n HOSTS]
#   -r ROUNDS  timed runs of each tool (default 3)
#   -n HOSTS   live hosts (default 20, at most 200)
# Targets: the same promiscuous hosts as nmap, no false positive, at most a tenth of nmap's
# time; discovery no slower than arp-scan. The script measures and does not judge: exit 0 when
# a target is missed, 4 on a set-up failure.
set -euo pipefail
rounds=3 hosts=20
while getopts r:n:h opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    n) hosts=$OPTARG ;;
    *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "-r: 1 to 99" >&2; exit 2; }
[[ $hosts =~ ^[1-9][0-9]{0,2}$ ]] && [ "$hosts" -le 200 ] || { echo "-n: 1 to 200" >&2; exit 2; }
die() { echo "detect.sh: $*" >&2; exit 4; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
root=$(cd "$(dirname "$0")/.." && pwd)
for t in nmap arp-scan python3; do
  command -v "$t" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nmap arp-scan >/dev/null 2>&1 || true
  command -v "$t" >/dev/null || die "$t is missing (apt-get install nmap arp-scan)"
done
bin=${PROMISC_BIN:-$root/target/release/promisc}
[ -n "${PROMISC_BIN:-}" ] || (cd "$root" && cargo build --release -q -p promisc) || die "cargo build failed"

p=pdetb-$$
L=$p-lan S=$p-scan
made=()
dir=$(mktemp -d /tmp/promisc-detect-bench.XXXXXX)
cleanup() { for n in "${made[@]}"; do ip netns del "$n" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkns() {
  ip netns add "$1"; made+=("$1")
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}
mkns $L; mkns $S
ip -n $L link add br0 type bridge
ip -n $L link set br0 up
ip -n $L link add p-scan type veth peer name eth0 netns $S
ip -n $L link set p-scan master br0; ip -n $L link set p-scan up
ip -n $S addr add 192.0.2.1/24 dev eth0; ip -n $S link set eth0 up
want=()
for i in $(seq 0 $((hosts - 1))); do
  h=$p-h$i; mkns "$h"
  ip -n $L link add "p$i" type veth peer name v netns "$h"
  ip -n $L link set "p$i" master br0; ip -n $L link set "p$i" up
  ip -n "$h" link set v arp off; ip -n "$h" link set v up
  ip -n "$h" link add eth0 link v address "02:00:00:00:$(printf %02x $((i / 256))):$(printf %02x $((i % 256 + 1)))" type macvlan mode bridge
  ip -n "$h" link set eth0 up
  ip -n "$h" addr add "192.0.2.$((10 + i))/24" dev eth0
  if [ $((i % 5)) = 0 ]; then ip -n "$h" link set eth0 promisc on; want+=("192.0.2.$((10 + i))"); fi
done
sleep 1

ours() { ip netns exec $S "$bin" detect -i eth0 --json 192.0.2.0/24; }
ours_disc() { ip netns exec $S "$bin" detect -i eth0 --json --discover-only 192.0.2.0/24; }
theirs() { ip netns exec $S nmap -n -sn -e eth0 --script sniffer-detect 192.0.2.0/24; }
arpscan() { ip netns exec $S arp-scan -I eth0 192.0.2.0/24; }

# What each finds.
ours >"$dir/ours.json"; theirs >"$dir/nmap.txt"; arpscan >"$dir/arp.txt"; ours_disc >"$dir/disc.json"
python3 - "$dir" "${want[*]}" "$hosts" <<'PY'
import json, re, sys
d, want, n = sys.argv[1], set(sys.argv[2].split()), int(sys.argv[3])
ours = json.load(open(f"{d}/ours.json"))["hosts"]
prom = {r["ip"] for r in ours if r["verdict"] == "promiscuous"}
nmap, cur = set(), None
for line in open(f"{d}/nmap.txt"):
    m = re.match(r"Nmap scan report for (\S+)", line)
    if m: cur = m.group(1)
    if "Likely in promiscuous mode" in line: nmap.add(cur)
arp = {l.split()[0] for l in open(f"{d}/arp.txt") if re.match(r"\d+\.\d+\.\d+\.\d+\s", l)}
disc = {r["ip"] for r in json.load(open(f"{d}/disc.json"))["hosts"]}
print(f"live hosts: {n}; found by promisc {len(ours)}, promisc --discover-only {len(disc)}, arp-scan {len(arp)}")
print(f"promiscuous (set up): {len(want)}; promisc says {len(prom)}, nmap says {len(nmap)}")
print(f"  same as nmap: {prom == nmap}; false positives (promisc): {sorted(prom - want)}; missed: {sorted(want - prom)}")
PY

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$s $e" | awk '{printf "%.3f\n", $2 - $1}'; }
: >"$dir/times"
for r in $(seq "$rounds"); do
  echo "promisc $(t ours)" >>"$dir/times"
  echo "nmap $(t theirs)" >>"$dir/times"
  echo "discovery $(t ours_disc)" >>"$dir/times"
  echo "arp-scan $(t arpscan)" >>"$dir/times"
done
python3 - "$dir/times" <<'PY'
import statistics, sys
t = {}
for l in open(sys.argv[1]):
    k, v = l.split(); t.setdefault(k, []).append(float(v))
m = {k: statistics.median(v) for k, v in t.items()}
for k in ("promisc", "nmap", "discovery", "arp-scan"):
    print(f"{k:10} median {m[k]:7.3f} s  runs {' '.join(f'{x:.3f}' for x in t[k])}")
print(f"promisc / nmap: {m['promisc'] / m['nmap']:.3f} (target <= 0.1); discovery / arp-scan: {m['discovery'] / m['arp-scan']:.3f} (target <= 1.0)")
PY
