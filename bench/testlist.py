#!/usr/bin/env python3
"""tcpdump's own decode tests (tests/TESTLIST) as the judge of `promisc read`.

Usage: bench/testlist.py --tcpdump-src DIR [--promisc BIN] [--tcpdump BIN] [--only NAME]
                         [--diff N] [--json]

DIR is a checkout of the tcpdump repository at the release the local tcpdump is (4.99.x:
`git -C REPO worktree add DIR tcpdump-4.99.3`, or `git archive tcpdump-4.99.3 tests | tar -x
-C DIR`). Every line of DIR/tests/TESTLIST (name, input, expected output, flags) is run the way
tests/TESTrun runs it, `-# -n -r tests/INPUT FLAGS` with TZ=GMT0, by the local tcpdump and by
`promisc read`, each bounded to 20 s; the two standard outputs are compared byte for byte.
The tests of tests/*.tests (Perl lists: -E decryption, SMB, printf checks) are run the same
way.
The expected outputs in the repository are not used: they are master's or a differently
configured build's, while the local tcpdump is the one an operator compares with.

A test passes when both outputs are identical. A packet is one line plus the lines that
continue it (they start with whitespace: hex dumps, -v continuation lines); packets are
compared in order, whole. A test whose flags promisc refuses counts as failed with every
packet different, and is listed by flag under "refused". Tests tcpdump itself cannot run
(exit status != 0 and no output: a decryption it was built without, a file it refuses) are
left out of the shares and counted.

Printed: the share of tests and of packets overall, by flag (each flag of the test's set
counts the test once: `-vvv` is its own flag, `-e -v` counts for `-e` and for `-v`), by
the input's link-layer type (`capinfos -T`-free: the first word of tcpdump's "reading from
file ... link-type X" line), by protocol family (the letters that begin the test's name,
which TESTLIST names after the protocol: `bgp-4byte-asdot` and `bgp_vpn_attrset` are `bgp`,
`ospf3_nbma-vv` is `ospf`, `pimv2_sm` is `pim`, `dhcpv6-ia-na` is `dhcpv6`), and the first differing line of the
first N failing tests.
It measures and does not judge: exit 0 whatever the share, 2 on bad arguments.
"""
import argparse
import collections
import json
import os
import re
import shlex
import subprocess
import sys


# With -# every packet's first line starts with its number, five columns wide, and two spaces.
NUMBERED = re.compile(r"^[ \d]{4}\d  ")


def packets(text):
    out = []
    for line in text.splitlines():
        if out and not NUMBERED.match(line):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def run(cmd, cwd):
    env = dict(os.environ, TZ="GMT0", LC_ALL="C")
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=20)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode(
            "utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return "timeout", out, "timed out after 20 s"


def tests(src):
    """TESTLIST's lines, then the tests of tests/*.tests (Perl lists of hashes, read with a
    pattern: name, input, output and args of each `{ ... }`)."""
    path = os.path.join(src, "tests", "TESTLIST")
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = line.split()
            if len(words) < 3:
                continue
            yield words[0], words[1], words[2], words[3:]
    tdir = os.path.join(src, "tests")
    for fname in sorted(os.listdir(tdir)):
        if not fname.endswith(".tests"):
            continue
        with open(os.path.join(tdir, fname)) as f:
            text = f.read()
        for block in re.findall(r"\{(.*?)\}", text, re.S):
            fields = dict(re.findall(r"(\w+)\s*=>\s*(?:'([^']*)'|\"([^\"]*)\")", block) and
                          [(k, a or b) for k, a, b in
                           re.findall(r"(\w+)\s*=>\s*(?:'([^']*)'|\"([^\"]*)\")", block)])
            if "name" in fields and "input" in fields:
                yield (fields["name"], fields["input"], fields.get("output", ""),
                       shlex.split(fields.get("args", "")))


def flag_keys(flags):
    """The flags a test is counted under: each option word (values of -T, -E, -s... joined)."""
    keys = []
    takes_value = {"-T", "-E", "-s", "-m", "-M", "-y", "-Q", "-c", "--skip", "-F", "-B"}
    i = 0
    while i < len(flags):
        w = flags[i]
        if w in takes_value and i + 1 < len(flags):
            keys.append(w)
            i += 2
            continue
        if w.startswith("-") and not w.startswith("--") and len(w) > 2 and w[1] != w[2]:
            # a cluster such as -ev or -vvn: one key per distinct letter run
            for m in re.finditer(r"([A-Za-z#])\1*", w[1:]):
                keys.append("-" + m.group(0))
        elif w.startswith("-"):
            keys.append(w.split("=")[0])
        i += 1
    return keys or ["(none)"]


def family_of(name):
    """The protocol family a TESTLIST name begins with: its letters, `6` kept after them
    (`ipv6`, `dhcpv6`), a version's `v` dropped (`pimv2_sm` is `pim`)."""
    m = re.match(r"[a-z]+(?:6)?", name.lower())
    if not m:
        return name[:1] or "?"
    f = m.group(0)
    return f[:-1] if f.endswith("v") and len(f) > 2 else f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tcpdump-src", required=True)
    ap.add_argument("--promisc", default=None)
    ap.add_argument("--tcpdump", default="tcpdump")
    ap.add_argument("--only", default=None)
    ap.add_argument("--diff", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    src = os.path.abspath(a.tcpdump_src)
    if not os.path.isfile(os.path.join(src, "tests", "TESTLIST")):
        print(f"testlist.py: {src}/tests/TESTLIST not found: give a tcpdump checkout",
              file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    promisc = os.path.abspath(a.promisc or os.path.join(root, "target", "release", "promisc"))
    if not os.access(promisc, os.X_OK):
        print(f"testlist.py: {promisc} is not executable (cargo build --release, or --promisc)",
              file=sys.stderr)
        return 2

    totals = collections.Counter()
    by_flag = collections.defaultdict(collections.Counter)
    by_link = collections.defaultdict(collections.Counter)
    by_family = collections.defaultdict(collections.Counter)
    refused = collections.Counter()
    failures = []
    for name, inp, _out, flags in tests(src):
        if a.only and name != a.only:
            continue
        base = ["-#", "-n", "-r", os.path.join("tests", inp)] + flags
        trc, tout, terr = run([a.tcpdump] + base, src)
        if trc != 0 and not tout:
            totals["tcpdump_cannot"] += 1
            continue
        prc, pout, perr = run([promisc, "read"] + base, src)
        m = re.search(r"link-type (\S+)", terr)
        link = m.group(1) if m else "?"
        tp, pp = packets(tout), packets(pout)
        same = sum(1 for x, y in zip(tp, pp) if x == y)
        n = max(len(tp), len(pp))
        ok = tout == pout
        keys = flag_keys(flags)
        if prc not in (0, "timeout") and not pout:
            for k in keys:
                refused[k] += 1
        totals["tests"] += 1
        totals["tests_ok"] += ok
        totals["packets"] += n
        totals["packets_ok"] += same
        for k in keys:
            by_flag[k]["tests"] += 1
            by_flag[k]["tests_ok"] += ok
            by_flag[k]["packets"] += n
            by_flag[k]["packets_ok"] += same
        by_link[link]["tests"] += 1
        by_link[link]["tests_ok"] += ok
        by_link[link]["packets"] += n
        by_link[link]["packets_ok"] += same
        family = family_of(name)
        by_family[family]["tests"] += 1
        by_family[family]["tests_ok"] += ok
        by_family[family]["packets"] += n
        by_family[family]["packets_ok"] += same
        if not ok:
            first = next((i for i, (x, y) in enumerate(zip(tp, pp)) if x != y),
                         min(len(tp), len(pp)))
            failures.append({
                "name": name, "flags": " ".join(flags), "link": link,
                "packets": n, "packets_ok": same,
                "promisc_exit": prc, "promisc_stderr": perr.strip().splitlines()[:1],
                "tcpdump": tp[first] if first < len(tp) else "(end)",
                "promisc": pp[first] if first < len(pp) else "(end)",
            })

    def share(c, k):
        return 100.0 * c[k + "_ok"] / c[k] if c[k] else 0.0

    if a.json:
        json.dump({"totals": totals, "by_flag": by_flag, "by_link": by_link,
                   "by_family": by_family, "refused": refused, "failures": failures}, sys.stdout, indent=1)
        print()
        return 0
    print(f"tcpdump: {subprocess.run([a.tcpdump, '--version'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode().splitlines()[0]}")
    print(f"promisc: {promisc}")
    print(f"tests: {totals['tests_ok']}/{totals['tests']} identical ({share(totals, 'tests'):.1f} %),"
          f" packets: {totals['packets_ok']}/{totals['packets']} ({share(totals, 'packets'):.1f} %);"
          f" {totals['tcpdump_cannot']} tests tcpdump itself cannot run, left out")
    for title, table in (("flag", by_flag), ("link type", by_link),
                         ("protocol family", by_family)):
        print(f"\n{'by ' + title:<24} {'tests':>12} {'%':>6} {'packets':>14} {'%':>6}")
        for k, c in sorted(table.items(), key=lambda kv: -kv[1]["tests"]):
            print(f"{k:<24} {c['tests_ok']:>5}/{c['tests']:<6} {share(c, 'tests'):>6.1f}"
                  f" {c['packets_ok']:>6}/{c['packets']:<7} {share(c, 'packets'):>6.1f}")
    if refused:
        print("\nrefused by promisc (tests, by flag): " +
              ", ".join(f"{k} {n}" for k, n in refused.most_common()))
    for f in failures[:a.diff]:
        print(f"\n{f['name']} ({f['flags'] or 'no flags'}, {f['link']})")
        if f["promisc_stderr"]:
            print(f"  promisc stderr: {f['promisc_stderr'][0]}")
        print(f"  tcpdump: {f['tcpdump'].splitlines()[0] if f['tcpdump'] else ''}")
        print(f"  promisc: {f['promisc'].splitlines()[0] if f['promisc'] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
