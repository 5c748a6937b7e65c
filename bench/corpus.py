#!/usr/bin/env python3
"""Printing fidelity: the share of packets `promisc read -n` prints exactly as `tcpdump -n`.

Usage: bench/corpus.py [--promisc BIN] [--by-file] [--diff N] [--flags "-v"] DIR_OR_FILE...

Every .pcap, .pcapng and .cap file under the arguments is printed by both tools (TZ=UTC, each
run bounded to 20 s). A packet is one line plus the lines that continue it (they start with
whitespace: hex dumps, -v continuation lines); packets are compared in order, whole. A file
tcpdump cannot read counts as 0 packets for both; where promisc prints fewer or more packets,
the missing or extra ones count as different. The script measures and does not judge: it
exits 0 whatever the share, 2 on bad arguments.

Public corpus: tcpdump's own test captures (tests/*.pcap* of the tcpdump repository, 830 files
at the time of writing: real traffic of many protocols and deliberately malformed packets).
"""
import argparse
import os
import subprocess
import sys


def packets(text):
    out = []
    for line in text.splitlines():
        if out and line[:1] in (" ", "\t"):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def run(cmd):
    env = dict(os.environ, TZ="UTC")
    try:
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=20)
    except subprocess.TimeoutExpired:
        return None
    return p.stdout.decode("utf-8", "replace")


def files(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                for n in sorted(names):
                    if n.endswith((".pcap", ".pcapng", ".cap")):
                        yield os.path.join(root, n)
        else:
            yield a


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--promisc", default="target/release/promisc")
    ap.add_argument("--tcpdump", default="tcpdump")
    ap.add_argument("--flags", default="", help="extra flags for both, e.g. '-v' or '-e'")
    ap.add_argument("--by-file", action="store_true", help="one line per file")
    ap.add_argument("--diff", type=int, default=0, help="print the first N differing packets")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    extra = a.flags.split()
    total = same = nfiles = 0
    shown = 0
    worst = []
    for f in files(a.paths):
        t = run([a.tcpdump, "-n", *extra, "-r", f])
        if t is None:
            continue
        nfiles += 1
        o = run([a.promisc, "read", "-n", *extra, "-r", f]) or ""
        tp, op = packets(t), packets(o)
        eq = sum(1 for x, y in zip(tp, op) if x == y)
        n = max(len(tp), len(op))
        total += n
        same += eq
        if n and eq < n:
            worst.append((n - eq, f))
        if a.by_file:
            print(f"{eq}/{n}\t{f}")
        for x, y in zip(tp + [""] * (n - len(tp)), op + [""] * (n - len(op))):
            if x != y and shown < a.diff:
                shown += 1
                print(f"--- {f}\ntcpdump: {x}\npromisc: {y}")
    worst.sort(reverse=True)
    if a.diff or a.by_file:
        for d, f in worst[:15]:
            print(f"differs: {d}\t{f}")
    share = 100.0 * same / total if total else 0.0
    print(f"files: {nfiles}; packets: {total}; printed exactly as tcpdump -n {' '.join(extra)}: "
          f"{same} ({share:.1f} %)")


if __name__ == "__main__":
    sys.exit(main())
