# Shared by bench/capture.sh and bench/read.sh (sourced, not run): a network namespace with a
# veth pair, trafgen sending small UDP frames into it, and one capturing tool measured with
# bench/rusage.py. Everything runs inside the namespace; cleanup runs from the caller's EXIT trap.
#
# The namespace: veth1 (trafgen sends here, pinned to CPU 0) <-> veth0 (the capturer listens
# here, pinned to CPU 1). IPv6 is off and no address is configured, so nothing but trafgen's
# frames crosses the pair. The frames go to a MAC that is not veth0's, so the IP stack drops
# them as PACKET_OTHERHOST without answering (no ICMP port unreachable coming back).

pb_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PROMISC_BIN=path benchmarks that binary instead of building target/release/promisc.
pb_bin=${PROMISC_BIN:-$pb_root/target/release/promisc}
pb_ns=
pb_dir=
pb_mounted=
pb_live_pids=()

pb_die() { echo "$(basename "$0"): $*" >&2; exit 4; }

# Root, the peer tools (installed with apt when missing) and the release binary.
pb_prepare() {
  [ "$(id -u)" = 0 ] || pb_die "needs root (creates a network namespace and a tmpfs)"
  local missing=
  for t in trafgen netsniff-ng dumpcap tcpdump capinfos taskset python3; do
    command -v "$t" >/dev/null || missing=1
  done
  if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y netsniff-ng tcpdump tshark util-linux >&2 \
      || pb_die "apt-get install netsniff-ng tcpdump tshark failed"
  fi
  for t in trafgen netsniff-ng dumpcap tcpdump capinfos taskset python3; do
    command -v "$t" >/dev/null || pb_die "$t is missing"
  done
  [ "$(nproc)" -ge 2 ] || pb_die "needs 2 CPUs (sender on CPU 0, capturer on CPU 1)"
  if [ -z "${PROMISC_BIN:-}" ]; then
    if ! (cd "$pb_root" && cargo build --release -q 2>/dev/null); then
      # The workspace may not build while another crate is being edited; the binary alone may.
      (cd "$pb_root" && cargo build --release -q -p promisc) || pb_die "cargo build failed"
    fi
  fi
  [ -x "$pb_bin" ] || pb_die "$pb_bin is missing"
}

# What is measured: the binary, and the source tree it was built from.
pb_describe() {
  local head dirty
  if [ -n "${PROMISC_BIN:-}" ]; then
    echo "promisc: $pb_bin (PROMISC_BIN; built $(date -u -r "$pb_bin" '+%F %T') UTC)"
    return
  fi
  head=$(git -C "$pb_root" rev-parse --short HEAD 2>/dev/null || echo '?')
  dirty=$(git -C "$pb_root" status --porcelain --untracked-files=no 2>/dev/null | wc -l)
  echo "promisc: $pb_bin (tree at $head, $dirty files modified; built $(date -u -r "$pb_bin" '+%F %T') UTC)"
}

# Removes the namespace and the tmpfs; kills only the processes this script started.
pb_cleanup() {
  local p
  for p in "${pb_live_pids[@]}"; do
    kill -KILL "$p" 2>/dev/null || true
  done
  [ -n "$pb_ns" ] && ip netns del "$pb_ns" 2>/dev/null || true
  if [ -n "$pb_mounted" ]; then
    umount "$pb_dir" 2>/dev/null || umount -l "$pb_dir" 2>/dev/null || true
  fi
  [ -n "$pb_dir" ] && rm -rf "$pb_dir" 2>/dev/null || true
}

# A private tmpfs for the capture files and logs (MiB as argument).
pb_tmpfs() {
  pb_dir=$(mktemp -d /tmp/promisc-bench.XXXXXX)
  mount -t tmpfs -o "size=${1}m,mode=0700" promisc-bench "$pb_dir" || pb_die "cannot mount a tmpfs"
  pb_mounted=1
}

# The namespace and the veth pair; the trafgen configuration (one 64-byte frame).
pb_netns() {
  pb_ns=promisc-capbench-$$
  ip netns add "$pb_ns" || pb_die "ip netns add failed"
  ip netns exec "$pb_ns" sh -ec '
    sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip link set lo up
    ip link add veth0 type veth peer name veth1
    ip link set veth0 up
    ip link set veth1 up' || pb_die "veth set-up failed"
  cat >"$pb_dir/frame.cfg" <<'EOF'
{
  /* Ethernet: to 02:00:00:00:00:02 (not veth0's address), from 02:00:00:00:00:01, IPv4 */
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  c16(0x0800),
  /* IPv4: 20-byte header, total length 50, TTL 64, UDP, 10.0.0.1 > 10.0.0.2 */
  0x45, 0x00, c16(50), c16(1), c16(0), 64, 17, csumip(14, 33),
  10, 0, 0, 1,
  10, 0, 0, 2,
  /* UDP: 1024 > 9, length 30 (22 bytes of payload), no checksum */
  c16(1024), c16(9), c16(30), c16(0),
  fill(0x00, 22),
}
EOF
  # Let the links settle (carrier, any last link-local chatter) before the first count.
  sleep 1
}

pb_rx_packets() { ip netns exec "$pb_ns" cat /sys/class/net/veth0/statistics/rx_packets; }

# Runs one capture: the tool (pinned to CPU 1, under rusage.py) is started and waited for,
# trafgen sends N frames from CPU 0, the tool gets SIGINT 1.5 s after the sender ends (the
# 1 s block retire timeout, plus margin). Usage: pb_capture TAG READY_REGEX N COMMAND...
# Sets pb_tx_ns (sender wall time), pb_delivered (veth0 rx_packets delta), pb_usr_us, pb_sys_us,
# pb_hwm_kb (peak RSS), pb_exit, pb_cpus (the tool's Cpus_allowed_list); the tool's output is
# in $pb_dir/TAG.log, and without carriage returns in $pb_dir/TAG.log.txt.
pb_capture() {
  local tag=$1 ready=$2 n=$3
  shift 3
  local log=$pb_dir/$tag.log ru=$pb_dir/$tag.rusage pidf=$pb_dir/$tag.pid
  rm -f "$log" "$ru" "$pidf"
  ip netns exec "$pb_ns" taskset -c 1 python3 "$pb_root/bench/rusage.py" "$ru" "$pidf" "$@" \
    >"$log" 2>&1 </dev/null &
  local wpid=$! cpid= i
  pb_live_pids+=("$wpid")
  for i in $(seq 150); do
    [ -s "$pidf" ] && grep -q -- "$ready" "$log" && break
    kill -0 "$wpid" 2>/dev/null || { cat "$log" >&2; pb_die "$tag: the tool ended before it was ready"; }
    sleep 0.1
  done
  grep -q -- "$ready" "$log" || { cat "$log" >&2; pb_die "$tag: not ready after 15 s"; }
  cpid=$(cat "$pidf")
  pb_live_pids+=("$cpid")
  # Ready means its packet socket is bound to veth0 (some tools print their banner first).
  for i in $(seq 100); do
    ip netns exec "$pb_ns" ss -0 -p -n 2>/dev/null | grep -q "veth0 .*pid=$cpid," && break
    sleep 0.1
  done
  ip netns exec "$pb_ns" ss -0 -p -n 2>/dev/null | grep -q "veth0 .*pid=$cpid," \
    || pb_die "$tag: no packet socket on veth0 after 10 s"
  pb_cpus=$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$cpid/status")
  sleep 0.5
  local rx0 rx1 t0 t1
  rx0=$(pb_rx_packets)
  t0=$(date +%s%N)
  ip netns exec "$pb_ns" taskset -c 0 trafgen --dev veth1 --conf "$pb_dir/frame.cfg" \
    --num "$n" --cpus 1 --no-sock-mem --notouch-irq >"$pb_dir/$tag.trafgen" 2>&1 \
    || { cat "$pb_dir/$tag.trafgen" >&2; pb_die "$tag: trafgen failed"; }
  t1=$(date +%s%N)
  pb_tx_ns=$((t1 - t0))
  tr -d '\r' <"$pb_dir/$tag.trafgen" | grep -q "^ *$n packets outgoing" \
    || { cat "$pb_dir/$tag.trafgen" >&2; pb_die "$tag: trafgen did not report $n packets outgoing"; }
  sleep 1.5
  rx1=$(pb_rx_packets)
  pb_delivered=$((rx1 - rx0))
  # Peak RSS: VmHWM of the tool's own address space, read until it exits (wait4's ru_maxrss
  # would also count the address space of the process that forked it).
  pb_hwm_kb=$(pb_hwm "$cpid"); pb_hwm_kb=${pb_hwm_kb:-0}
  kill -INT "$cpid" 2>/dev/null || true
  local h
  for i in $(seq 600); do
    h=$(pb_hwm "$cpid")
    [ -n "$h" ] && [ "$h" -gt "$pb_hwm_kb" ] && pb_hwm_kb=$h
    kill -0 "$wpid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$wpid" 2>/dev/null; then
    echo "WARNING: $tag did not end within 30 s of SIGINT; killed" >&2
    kill -KILL "$cpid" 2>/dev/null || true
  fi
  wait "$wpid" || pb_die "$tag: rusage.py failed"
  [ -s "$ru" ] || pb_die "$tag: no resource usage recorded"
  pb_live_pids=()
  read -r pb_usr_us pb_sys_us _ pb_exit _ <"$ru"
  tr -d '\r' <"$log" >"$log.txt"
}

pb_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# Packets in a capture file, counted the same way for every tool.
pb_count() {
  capinfos -c -M "$1" 2>/dev/null | awk '/^Number of packets/ {print $NF}'
}

# Other processes using at least 5% of a CPU over half a second (the machine may be shared).
pb_busy() {
  local b
  b=$(top -b -n 2 -d 0.5 -w 200 2>/dev/null | awk '/^top -/ {f++}
    f == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 5 {printf "%s%s(%s) %s%%", sep, $12, $1, $9; sep = ", "}')
  echo "${b:-none}"
}
