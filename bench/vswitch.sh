#!/usr/bin/env bash
# Benchmark (issues #10, #24 item 3): `promisc vswitch` against the Linux kernel bridge and Open
# vSwitch's userspace datapath (`datapath_type=netdev`, AF_PACKET ports, no kernel module), on
# the same topology, in one run. Two guests (namespaces, each a veth end) on one switch (a
# namespace of its own holding the switch-side ends): static mode, profile open for promisc; a
# plain bridge (no STP, no VLAN filtering) for the kernel; a bridge with the NORMAL flow for
# OVS, whose ovsdb-server and ovs-vswitchd the script starts with their own db/run/log
# directory (under the run's temporary directory) and stops after.
#
#   frames: N 64-byte UDP frames from trafgen in the sender (pinned to CPU 0), addressed to
#           the receiver's MAC; promisc and ovs-vswitchd pinned to CPU 1 (the bridge forwards in
#           the sender's softirq, CPU 0). Counted at the receiver (rx_packets of its eth0);
#           frames per second = frames received / time from the first send to the last arrival.
#           CPU per frame forwarded: the switch process's (user+sys of every thread; for
#           promisc it includes the receiver's network stack, which veth runs inside the
#           switch's sendmmsg) and the machine's (user+system+irq+softirq of both CPUs, time
#           of niced processes excluded, so other users' nice'd builds do not count; it covers
#           trafgen, the switch and the receiver alike, so it is the figure that compares with
#           the bridge). For promisc also the accounting: trafgen's count = sender's tx = switch
#           rx at the sender's port + ring drops; switch tx at the receiver's port + tx errors =
#           frames accepted; received = switch tx.
#   sweep:  for each switch, M frames at each offered rate F x the bridge's frames/s of the
#           same round (trafgen --rate); frames lost = sender's tx - received. Reported: the
#           loss at each rate, the highest offered rate with zero loss, the CPU per frame.
#   tcp:    iperf3 -t 5 from sender to receiver (both on CPU 0), bits per second.
#
# Usage: sudo [PROMISC_BIN=path] bench/vswitch.sh [-r ROUNDS] [-n FRAMES] [-m FRAMES]
#             [-f "FRACTIONS"] [-O]
#   -r ROUNDS  rounds, each running every switch (order rotating); medians (default 3)
#   -n FRAMES  frames per full-rate run (default 2000000)
#   -m FRAMES  frames per sweep step (default 300000; 0 skips the sweep)
#   -f LIST    the sweep's rates as fractions of the bridge's frames/s
#              (default "0.5 0.6 0.7 0.8 0.9 1.0 1.2 1.5")
#   -O         without Open vSwitch
#   -D         the receiver holds a UDP socket on port 9 that reads nothing: frames are dropped
#              at its full buffer instead of each answered by the receiver's ICMP port
#              unreachable path (route lookups before the rate limit), which otherwise runs
#              inside the switch's sends and is about 30 % of promisc's CPU per frame
# Targets: at least 0.5 of the bridge's frames per second at full rate; zero frames lost that
# the switch accepted; (#24) zero loss offered 0.8x the bridge's frames/s. The script measures
# and does not judge: exit 0 when a target is missed, 4 on a set-up failure.
set -euo pipefail
rounds=3 frames=2000000 step=300000 fractions="0.5 0.6 0.7 0.8 0.9 1.0 1.2 1.5" ovs=1 sink=
while getopts r:n:m:f:ODh opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    n) frames=$OPTARG ;;
    m) step=$OPTARG ;;
    f) fractions=$OPTARG ;;
    O) ovs= ;;
    D) sink=1 ;;
    *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "-r: 1 to 99" >&2; exit 2; }
[[ $frames =~ ^[1-9][0-9]{0,7}$ ]] || { echo "-n: 1 to 99999999" >&2; exit 2; }
[[ $step =~ ^[0-9]{1,8}$ ]] || { echo "-m: 0 to 99999999" >&2; exit 2; }
for f in $fractions; do
  [[ $f =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "-f: fractions such as \"0.5 0.8 1.0\"" >&2; exit 2; }
done
die() { echo "vswitch.sh: $*" >&2; exit 4; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs"
root=$(cd "$(dirname "$0")/.." && pwd)
for t in trafgen iperf3 taskset python3; do
  command -v "$t" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq netsniff-ng iperf3 util-linux >/dev/null 2>&1 || true
  command -v "$t" >/dev/null || die "$t is missing (apt-get install netsniff-ng iperf3)"
done
if [ -n "$ovs" ]; then
  command -v ovs-vswitchd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openvswitch-switch >/dev/null 2>&1 || true
  command -v ovs-vswitchd >/dev/null || die "ovs-vswitchd is missing (apt-get install openvswitch-switch, or -O)"
fi
bin=${PROMISC_BIN:-$root/target/release/promisc}
[ -n "${PROMISC_BIN:-}" ] || (cd "$root" && cargo build --release -q -p promisc) || die "cargo build failed"
[ -x "$bin" ] || die "$bin is missing"

p=pvsb-$$
S=$p-s R=$p-r W=$p-w
dir=$(mktemp -d /tmp/promisc-vswitch-bench.XXXXXX)
# Open vSwitch's own directories: its database, sockets, pid and log files, nothing in /etc or /run.
export OVS_RUNDIR=$dir/ovs OVS_DBDIR=$dir/ovs OVS_LOGDIR=$dir/ovs OVS_SYSCONFDIR=$dir/ovs OVS_PKGDATADIR=/usr/share/openvswitch
sw_pid= sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  [ -n "$sw_pid" ] && kill -TERM "$sw_pid" 2>/dev/null && wait "$sw_pid" 2>/dev/null || true
  for f in "$dir"/ovs/ovs-vswitchd.pid "$dir"/ovs/ovsdb-server.pid; do
    [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null || true
  done
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
if [ -n "$sink" ]; then
  ip netns exec $R python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 9))
print("bound", flush=True)
time.sleep(1e9)' >"$dir/sink" &
  sink_pid=$!
  for _ in $(seq 100); do grep -q bound "$dir/sink" 2>/dev/null && break; sleep 0.05; done
  grep -q bound "$dir/sink" || die "the receiver's UDP socket on port 9 did not bind"
fi

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
cpu_ticks() { if [ -n "$1" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi; }
# Ticks of both CPUs not idle, not waiting, not spent by niced processes.
machine_ticks() { awk '$1 == "cpu" {print $2 + $4 + $7 + $8; exit}' /proc/stat; }

# Each switch: start_W / stop_W; pid_W prints the process whose CPU counts (none: the kernel).
start_promisc() {
  ip netns exec $W taskset -c 1 "$bin" vswitch run --config "$dir/vswitch.toml" 2>"$dir/switch.log" &
  sw_pid=$!
  for _ in $(seq 200); do
    grep -q running "$dir/switch.log" 2>/dev/null && return
    sleep 0.05
  done
  cat "$dir/switch.log" >&2; die "the switch did not start"
}
stop_promisc() { kill -TERM "$sw_pid"; wait "$sw_pid" || true; sw_pid=; }
pid_promisc() { echo "$sw_pid"; }
start_bridge() {
  ip -n $W link add br0 type bridge stp_state 0
  ip -n $W link set vs-a master br0
  ip -n $W link set vs-b master br0
  ip -n $W link set br0 up
  sleep 0.2
}
stop_bridge() { ip -n $W link del br0; }
pid_bridge() { :; }
ovsctl() { ovs-vsctl --db="unix:$dir/ovs/db.sock" --timeout=30 "$@"; }
start_ovs() {
  mkdir -p "$dir/ovs"
  ovsdb-tool create "$dir/ovs/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$dir/ovs/conf.db" --remote="punix:$dir/ovs/db.sock" --pidfile="$dir/ovs/ovsdb-server.pid" \
    --unixctl="$dir/ovs/ovsdb-server.ctl" --log-file="$dir/ovs/ovsdb-server.log" --detach --no-chdir 2>/dev/null
  ovsctl --no-wait init
  ip netns exec $W taskset -c 1 ovs-vswitchd "unix:$dir/ovs/db.sock" --pidfile="$dir/ovs/ovs-vswitchd.pid" \
    --unixctl="$dir/ovs/ovs-vswitchd.ctl" --log-file="$dir/ovs/ovs-vswitchd.log" --detach --no-chdir \
    -vconsole:off 2>/dev/null
  ovsctl add-br obr -- set bridge obr datapath_type=netdev \
    -- add-port obr vs-a -- add-port obr vs-b >/dev/null || { cat "$dir/ovs/ovs-vswitchd.log" >&2; die "OVS did not take the ports"; }
  sleep 0.5
}
stop_ovs() {
  ovs-appctl -t "$dir/ovs/ovs-vswitchd.ctl" exit --cleanup >/dev/null 2>&1 || kill -TERM "$(cat "$dir/ovs/ovs-vswitchd.pid")"
  ovs-appctl -t "$dir/ovs/ovsdb-server.ctl" exit >/dev/null 2>&1 || kill -TERM "$(cat "$dir/ovs/ovsdb-server.pid")"
  for _ in $(seq 100); do
    [ -e "$dir/ovs/ovs-vswitchd.pid" ] || [ -e "$dir/ovs/ovsdb-server.pid" ] || break
    sleep 0.05
  done
  rm -rf "$dir/ovs"
  ip -n $W link del obr 2>/dev/null || true
}
pid_ovs() { cat "$dir/ovs/ovs-vswitchd.pid"; }

# Sends N frames (at RATE frames/s, 0 = as fast as trafgen can); prints "received seconds
# sent_seconds" (the time from the first send to the last arrival; trafgen's own time).
blast() {
  local n=$1 rate=$2 before t0 t1
  before=$(stat $R eth0 rx_packets)
  # The watcher runs in the receiver's namespace (its sysfs), reading the counter directly.
  # It stops 1 s after the last arrival, once every frame arrived or trafgen is done.
  rm -f "$dir/sent"
  ip netns exec $R python3 - "$before" "$n" "$dir/sent" <<'PY' >"$dir/watch" &
import os, sys, time
before, n, done = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
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
    elif t - last_t > 1.0 and (now - before >= n or os.path.exists(done)):
        break
print(last - before, f"{last_t - start:.4f}", flush=True)
PY
  local watcher=$! limit=()
  [ "$rate" = 0 ] || limit=(--rate "${rate}pps")
  t0=$(date +%s.%N)
  ip netns exec $S taskset -c 0 trafgen --dev eth0 --conf "$dir/frame.cfg" --num "$n" "${limit[@]}" \
    --cpus 1 --no-sock-mem --notouch-irq >"$dir/trafgen.log" 2>&1 || { cat "$dir/trafgen.log" >&2; die "trafgen failed"; }
  t1=$(date +%s.%N)
  : >"$dir/sent"
  wait "$watcher"
  echo "$(cat "$dir/watch") $(python3 -c "print(f'{$t1 - $t0:.4f}')")"
}

iperf() {
  ip netns exec $R taskset -c 0 iperf3 -s -1 -B 192.0.2.2 >/dev/null 2>&1 &
  local srv=$!
  sleep 0.3
  ip netns exec $S taskset -c 0 timeout 20 iperf3 -c 192.0.2.2 -t 5 -J 2>/dev/null \
    | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])
except Exception: print("nan")' || echo nan
  kill "$srv" 2>/dev/null || true
  wait "$srv" 2>/dev/null || true
}

# One measured run of switch $1 (already started): N frames at rate R; prints a row
# "kind who round rate received secs sent sent_secs proc_ticks machine_ticks load acct(4)".
measure() {
  local who=$1 kind=$2 r=$3 n=$4 rate=$5 pid tx0 tx1 c0 c1 m0 m1 got secs ssecs acct="- - - -"
  pid=$(pid_"$who")
  tx0=$(stat $S eth0 tx_packets); c0=$(cpu_ticks "$pid"); m0=$(machine_ticks)
  read -r got secs ssecs < <(blast "$n" "$rate")
  c1=$(cpu_ticks "$pid"); m1=$(machine_ticks); tx1=$(stat $S eth0 tx_packets)
  if [ "$who" = promisc ] && [ "$kind" = full ]; then
    local js
    js=$(ip netns exec $W "$bin" vswitch stats --json "bench-$$")
    acct=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); a,b=s["ports"]; print(a["rx_frames"], a["ring_drops"], b["tx_frames"], b["tx_errors"])' "$js")
  fi
  echo "$kind $who $r $rate $got $secs $((tx1 - tx0)) $ssecs $((c1 - c0)) $((m1 - m0)) $(cut -d' ' -f1 /proc/loadavg) $acct"
}

switches="bridge promisc"
[ -n "$ovs" ] && switches="bridge promisc ovs"
echo "machine: $(nproc) CPUs, $(uname -r), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "promisc: $bin; $(trafgen --version | head -1 | cut -d' ' -f1-2); $(iperf3 --version | head -1 | cut -d' ' -f1-2)${ovs:+; $(ovs-vswitchd --version | head -1)}"
if [ -n "$sink" ]; then
  echo "receiver: a UDP socket on port 9 that reads nothing (-D)"
else
  echo "receiver: no socket on port 9 (each frame takes its ICMP port unreachable path)"
fi
echo "traffic: $frames frames of 64 bytes (UDP/IPv4) sender -> receiver at full rate, sweep of $step frames at ($fractions) x the bridge's frames/s; $rounds rounds"
res=$dir/results
: >"$res"
for r in $(seq "$rounds"); do
  # The bridge first in every round: the sweep's rates are fractions of its frames/s.
  # The others rotate.
  set -- $switches
  shift
  order="$*"
  [ $((r % 2)) = 0 ] && order=$(echo "$order" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}')
  bridge_fps=
  for who in bridge $order; do
    start_"$who"
    line=$(measure "$who" full "$r" "$frames" 0)
    bps=$(iperf | tail -1)
    echo "$line $bps" >>"$res"
    echo "  round $r $who: full rate: $(tail -1 "$res" | cut -d' ' -f5-)" >&2
    if [ "$who" = bridge ]; then
      bridge_fps=$(echo "$line" | awk '{printf "%d", $5 / $6}')
    fi
    if [ "$step" -gt 0 ]; then
      for f in $fractions; do
        rate=$(awk -v b="$bridge_fps" -v f="$f" 'BEGIN {printf "%d", b * f}')
        measure "$who" "sweep:$f" "$r" "$step" "$rate" >>"$res"
        echo "  round $r $who: $f x $bridge_fps = $rate pps: $(tail -1 "$res" | cut -d' ' -f5-)" >&2
      done
    fi
    stop_"$who"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/vswitch-report.py" "$res" "$(getconf CLK_TCK)"
