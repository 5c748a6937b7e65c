#!/usr/bin/env bash
# Benchmark (issue #10): `promisc vswitch` against the Linux kernel bridge, on the same
# topology, in one run. Two guests (namespaces, each a veth end) on one switch (a namespace
# of its own holding the switch-side ends): static mode, profile open for promisc; a plain
# bridge (no STP, no VLAN filtering) for the kernel.
#
#   frames: N 64-byte UDP frames from trafgen in the sender (pinned to CPU 0), addressed to
#           the receiver's MAC; the switch pinned to CPU 1 (the bridge forwards in the
#           sender's softirq, CPU 0). Counted at the receiver (rx_packets of its eth0); frames
#           per second = frames received / time from the first send to the last arrival.
#           For promisc also: switch CPU (user+sys) per frame forwarded, and the accounting:
#           trafgen's count = sender's tx = switch rx at the sender's port + ring drops;
#           switch tx at the receiver's port + tx errors = frames accepted; received = switch tx.
#   tcp:    iperf3 -t 5 from sender to receiver (both on CPU 0), bits per second.
#
# Usage: sudo [PROMISC_BIN=path] bench/vswitch.sh [-r ROUNDS] [-n FRAMES]
#   -r ROUNDS  rounds, each running the bridge and the switch (order alternating); medians
#              (default 3)
#   -n FRAMES  frames per run (default 2000000)
# Target: at least 0.5 of the bridge's frames per second; zero frames lost that the switch
# accepted. The script measures and does not judge: exit 0 when a target is missed, 4 on a
# set-up failure.
set -euo pipefail
rounds=3 frames=2000000
while getopts r:n:h opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    n) frames=$OPTARG ;;
    *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "-r: 1 to 99" >&2; exit 2; }
[[ $frames =~ ^[1-9][0-9]{0,7}$ ]] || { echo "-n: 1 to 99999999" >&2; exit 2; }
die() { echo "vswitch.sh: $*" >&2; exit 4; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs"
root=$(cd "$(dirname "$0")/.." && pwd)
for t in trafgen iperf3 taskset python3; do
  command -v "$t" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq netsniff-ng iperf3 util-linux >/dev/null 2>&1 || true
  command -v "$t" >/dev/null || die "$t is missing (apt-get install netsniff-ng iperf3)"
done
bin=${PROMISC_BIN:-$root/target/release/promisc}
[ -n "${PROMISC_BIN:-}" ] || (cd "$root" && cargo build --release -q -p promisc) || die "cargo build failed"
[ -x "$bin" ] || die "$bin is missing"

p=pvsb-$$
S=$p-s R=$p-r W=$p-w
dir=$(mktemp -d /tmp/promisc-vswitch-bench.XXXXXX)
sw_pid=
cleanup() {
  [ -n "$sw_pid" ] && kill -TERM "$sw_pid" 2>/dev/null && wait "$sw_pid" 2>/dev/null || true
  for n in $S $R $W; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for n in $S $R $W; do
  ip netns add "$n"
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$n" link set lo up
done
ip -n $W link add vs-a type veth peer name eth0 netns $S
ip -n $W link add vs-b type veth peer name eth0 netns $R
ip -n $S link set eth0 address 02:00:00:00:00:01
ip -n $R link set eth0 address 02:00:00:00:00:02
ip -n $S addr add 192.0.2.1/24 dev eth0
ip -n $R addr add 192.0.2.2/24 dev eth0
for n in $S $R; do ip -n "$n" link set eth0 up; done
ip -n $W link set vs-a up
ip -n $W link set vs-b up
# The receiver answers ARP without asking: static entries both ways.
ip -n $S neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev eth0
ip -n $R neigh add 192.0.2.1 lladdr 02:00:00:00:00:01 dev eth0

cat >"$dir/frame.cfg" <<'CFG'
{
  /* Ethernet: to the receiver 02:00:00:00:00:02, from the sender 02:00:00:00:00:01, IPv4 */
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  c16(0x0800),
  /* IPv4: total length 50, TTL 64, UDP, 192.0.2.1 > 192.0.2.2 */
  0x45, 0x00, c16(50), c16(1), c16(0), 64, 17, csumip(14, 33),
  192, 0, 2, 1,
  192, 0, 2, 2,
  /* UDP: 1024 > 9 (discard), length 30, no checksum */
  c16(1024), c16(9), c16(30), c16(0),
  fill(0x00, 22),
}
CFG
cat >"$dir/vswitch.toml" <<CFG
name = "bench-$$"
mode = "static"
[[portgroup]]
name = "g"
profile = "open"
[[port]]
name = "a"
device = "vs-a"
mac = "02:00:00:00:00:01"
portgroup = "g"
[[port]]
name = "b"
device = "vs-b"
mac = "02:00:00:00:00:02"
portgroup = "g"
CFG

stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_switch() {
  ip netns exec $W taskset -c 1 "$bin" vswitch run --config "$dir/vswitch.toml" 2>"$dir/switch.log" &
  sw_pid=$!
  for _ in $(seq 100); do
    grep -q running "$dir/switch.log" 2>/dev/null && return
    sleep 0.05
  done
  cat "$dir/switch.log" >&2; die "the switch did not start"
}
stop_switch() { kill -TERM "$sw_pid"; wait "$sw_pid" || true; sw_pid=; }
start_bridge() {
  ip -n $W link add br0 type bridge stp_state 0
  ip -n $W link set vs-a master br0
  ip -n $W link set vs-b master br0
  ip -n $W link set br0 up
  sleep 0.2
}
stop_bridge() { ip -n $W link del br0; }

# Sends N frames; prints "received seconds" (the time from the first send to the last arrival).
blast() {
  local before after
  before=$(stat $R eth0 rx_packets)
  # The watcher runs in the receiver's namespace (its sysfs), reading the counter directly.
  ip netns exec $R python3 - "$before" "$frames" <<'PY' &
import sys, time
before, n = int(sys.argv[1]), int(sys.argv[2])
f = open("/sys/class/net/eth0/statistics/rx_packets")
def read():
    f.seek(0)
    return int(f.read())
start = time.monotonic()
last, last_t = before, start
while True:
    time.sleep(0.01)
    now = read()
    t = time.monotonic()
    if now != last:
        last, last_t = now, t
    elif t - last_t > 0.5 and (now - before >= n or t - start > 3 + n / 100000):
        break
print(last - before, f"{last_t - start:.4f}", flush=True)
PY
  local watcher=$!
  ip netns exec $S taskset -c 0 trafgen --dev eth0 --conf "$dir/frame.cfg" --num "$frames" \
    --cpus 1 --no-sock-mem --notouch-irq >"$dir/trafgen.log" 2>&1 || { cat "$dir/trafgen.log" >&2; die "trafgen failed"; }
  wait "$watcher"
}

iperf() {
  ip netns exec $R taskset -c 0 iperf3 -s -1 -B 192.0.2.2 >/dev/null 2>&1 &
  local srv=$!
  sleep 0.3
  ip netns exec $S taskset -c 0 iperf3 -c 192.0.2.2 -t 5 -J 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])'
  wait "$srv" 2>/dev/null || true
}

echo "machine: $(nproc) CPUs, $(uname -r), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "promisc: $bin; $(trafgen --version | head -1 | cut -d' ' -f1-2); $(iperf3 --version | head -1 | cut -d' ' -f1-2)"
echo "traffic: $frames frames of 64 bytes (UDP/IPv4) sender -> receiver, $rounds rounds"
res=$dir/results
: >"$res"
for r in $(seq "$rounds"); do
  order="bridge promisc"; [ $((r % 2)) = 0 ] && order="promisc bridge"
  for who in $order; do
    if [ "$who" = bridge ]; then
      start_bridge
      tx0=$(stat $S eth0 tx_packets)
      read -r got secs < <(blast)
      tx1=$(stat $S eth0 tx_packets)
      bps=$(iperf)
      stop_bridge
      echo "bridge $r $got $secs $((tx1 - tx0)) $bps" >>"$res"
    else
      start_switch
      tx0=$(stat $S eth0 tx_packets)
      c0=$(cpu_ticks "$sw_pid")
      read -r got secs < <(blast)
      c1=$(cpu_ticks "$sw_pid")
      tx1=$(stat $S eth0 tx_packets)
      js=$(ip netns exec $W "$bin" vswitch stats --json "bench-$$")
      bps=$(iperf)
      stop_switch
      acct=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); a,b=s["ports"]; print(a["rx_frames"], a["ring_drops"], b["tx_frames"], b["tx_errors"])' "$js")
      echo "promisc $r $got $secs $((tx1 - tx0)) $bps $((c1 - c0)) $acct" >>"$res"
    fi
    echo "  round $r $who: $(tail -1 "$res" | cut -d' ' -f3-)" >&2
  done
done
python3 - "$res" "$frames" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
n, hz = int(sys.argv[2]), int(sys.argv[3])
def med(xs): return statistics.median(xs)
br = [r for r in rows if r[0] == "bridge"]
pr = [r for r in rows if r[0] == "promisc"]
fps = lambda r: int(r[2]) / float(r[3])
bf, pf = med([fps(r) for r in br]), med([fps(r) for r in pr])
bt, pt = med([float(r[5]) for r in br]), med([float(r[5]) for r in pr])
print(f"{'':10} {'frames/s':>12} {'received':>10} {'of sent':>8} {'TCP Gbit/s':>11}")
for name, rs, f, t in (("bridge", br, bf, bt), ("promisc", pr, pf, pt)):
    recv = med([int(r[2]) for r in rs]); sent = med([int(r[4]) for r in rs])
    print(f"{name:10} {f:12.0f} {recv:10.0f} {recv / sent:8.4f} {t / 1e9:11.2f}")
print(f"ratio promisc / bridge: frames/s {pf / bf:.3f}, TCP {pt / bt:.3f}")
for r in pr:
    got, sent, ticks = int(r[2]), int(r[4]), int(r[6])
    rx, ring, tx, txerr = map(int, r[7:11])
    cpu_ns = ticks / hz * 1e9 / max(tx, 1)
    ok = "adds up" if (rx + ring == sent and tx == got) else "DOES NOT add up"
    print(f"promisc round {r[1]}: sent {sent}, switch rx {rx} + ring drops {ring}, switch tx {tx} "
          f"+ tx errors {txerr}, received {got}: {ok}; switch CPU {cpu_ns:.0f} ns/frame")
PY
