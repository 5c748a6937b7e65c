#!/usr/bin/env bash
# Benchmark of what a filter costs per packet when reading a file (issue 24), promisc against
# tcpdump side by side, in one run:
#   for FILE in the UDP file (bench/udp-pcap.py: 2,000,000 identical 64-byte UDP frames) and the
#   mixed file (bench/filter.sh's: the wire fixture packets repeated to 1,000,000):
#     `promisc read -r FILE -w /dev/null [EXPR]`  against  `tcpdump -r FILE -w /dev/null [EXPR]`
#   and on the UDP file also `--count` instead of `-w /dev/null` (no output at all, so the
#   difference is the filter alone: with `-w`, the run without a filter also writes every packet).
# For each expression (bench/filter.sh's six and `host 10.0.0.2 and not arp`): the median
# CPU time (user + system, from wait4) of each tool with the filter, the speed-up (tcpdump's
# time / promisc's), and each tool's filter cost per packet: the median over rounds of (with the
# filter - without, in the same round) / packets. Every command runs RUNS times, interleaved (the order rotates each
# round), after one warm-up run; wall-time speed-ups are given too, but on a shared machine the
# CPU times are the measure. The load average is printed at the start and the end. With
# --count, `free x` is tcpdump's time with the filter over promisc's without one: the speed-up
# that a filter costing nothing would give, the ceiling the read itself sets.
# Usage: [PROMISC_BIN=path] [PROMISC_BEFORE=path] bench/filter-cost.sh [RUNS]   (default 15;
# PROMISC_BIN measures that binary instead of building one; PROMISC_BEFORE adds another promisc
# binary, e.g. an older commit's, as a third column run in the same rounds). Needs tcpdump and
# python3; no privileges.
# Targets (issue 24): at least 3x tcpdump over filter.sh's expressions; promisc's filter cost at
# most 5 ns per packet on the UDP file. The script measures and does not judge.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
[[ $runs =~ ^[1-9][0-9]?$ ]] || { echo "RUNS: 1 to 99" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "bench/filter-cost.sh: needs tcpdump" >&2; exit 2; }
if [ -z "${PROMISC_BIN:-}" ]; then cargo build --release -q -p promisc; fi
bin=${PROMISC_BIN:-$PWD/target/release/promisc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/udp-pcap.py 2000000 "$work/udp.pcap"
python3 - "$work/mixed.pcap" <<'PY'
import struct, sys
src = open("crates/wire/tests/fixtures/ether.pcap", "rb").read()
hdr, off, recs = src[:24], 24, []
while off + 16 <= len(src):
    _, _, incl, orig = struct.unpack("<IIII", src[off:off + 16])
    recs.append((incl, orig, src[off + 16:off + 16 + incl]))
    off += 16 + incl
with open(sys.argv[1], "wb") as f:
    f.write(hdr)
    for i in range(1_000_000):
        incl, orig, data = recs[i % len(recs)]
        f.write(struct.pack("<IIII", 1_700_000_000 + i // 1_000_000, i % 1_000_000, incl, orig))
        f.write(data)
PY
echo "promisc: $bin ($(git rev-parse --short HEAD 2>/dev/null || echo '?') checked out)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$bin" "$work" "$runs" "${PROMISC_BEFORE:-}" <<'PY'
import os, statistics, subprocess, sys, time

bin, work, runs, before = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
EXPRS = ["tcp port 80", "host 10.0.0.1 and not port 22", "udp or icmp", "vlan and tcp",
         "ip6 and tcp", "tcp[tcpflags] & tcp-syn != 0", "host 10.0.0.2 and not arp"]
FILES = [("udp", f"{work}/udp.pcap", 2_000_000, "-w"), ("mixed", f"{work}/mixed.pcap", 1_000_000, "-w"),
         ("udp", f"{work}/udp.pcap", 2_000_000, "--count")]
# promisc first, tcpdump last; "before" (PROMISC_BEFORE) in between when given.
TOOLS = ["promisc"] + (["before"] if before else []) + ["tcpdump"]


def argv(tool, path, out, expr):
    o = ["-w", "/dev/null"] if out == "-w" else ["--count"]
    e = [expr] if expr else []
    if tool == "tcpdump":
        return ["tcpdump", "-r", path] + o + e
    return [bin if tool == "promisc" else before, "read", "-r", path] + o + e


def once(cmd):
    t = time.monotonic_ns()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.monotonic_ns() - t) / 1e3
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}")
    return (ru.ru_utime + ru.ru_stime) * 1e6, wall


if before:
    print(f"before: {before}")
for name, path, n, out in FILES:
    cmds = [(tool, expr) for expr in [None] + EXPRS for tool in TOOLS]
    cpu = {c: [] for c in cmds}
    wall = {c: [] for c in cmds}
    for c in cmds:
        once(argv(c[0], path, out, c[1]))  # warm-up
    for r in range(runs):
        k = r % len(cmds)
        for c in cmds[k:] + cmds[:k]:
            u, w = once(argv(c[0], path, out, c[1]))
            cpu[c].append(u)
            wall[c].append(w)
    med = {c: statistics.median(cpu[c]) for c in cmds}
    medw = {c: statistics.median(wall[c]) for c in cmds}
    what = "-w /dev/null" if out == "-w" else "--count"
    print(f"\n{name} file, {n:,} packets, read {what}; medians of {runs} runs; CPU time (user+sys) "
          f"per tool, tcpdump's CPU / the tool's (x), the same for wall time (wall), and the "
          f"filter's cost in ns per packet (median of each round's with minus without):")
    ours = [t for t in TOOLS if t != "tcpdump"]
    head = f"{'expression':32}" + "".join(f" {t:>10}" for t in TOOLS)
    head += "".join(f" {t + ' x':>10} {'wall':>6}" for t in ours)
    head += "".join(f" {t + ' ns':>10}" for t in TOOLS)
    # With --count the run without a filter does all of the run with one but the filter, so
    # tcpdump's time with the filter over it is the speed-up a filter that cost nothing gave.
    ceiling = out == "--count"
    if ceiling:
        head += f" {'free x':>7}"
    print(head)
    for e in [None] + EXPRS:
        row = f"{e or '(no filter)':32}"
        row += "".join(f" {med[(t, e)] / 1e3:7.1f} ms" for t in TOOLS)
        for t in ours:
            row += f" {med[('tcpdump', e)] / med[(t, e)]:9.2f}x {medw[('tcpdump', e)] / medw[(t, e)]:5.2f}x"
        if e:
            # The median of each round's difference: a round's runs are seconds apart, so the
            # machine's drift over minutes (tens of percent here) cancels out of it.
            row += "".join(
                f" {statistics.median(w - o for w, o in zip(cpu[(t, e)], cpu[(t, None)])) * 1e3 / n:10.1f}"
                for t in TOOLS)
            if ceiling:
                row += f" {med[('tcpdump', e)] / med[('promisc', None)]:6.2f}x"
        print(row)
PY
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets: speed-up >= 3x over filter.sh's six expressions; promisc's filter <= 5 ns/packet on the UDP file"
