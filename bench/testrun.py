#!/usr/bin/env python3
"""libpcap's own compiler tests (testprogs/TESTrun) as the judge of promisc's filter compiler.

Usage: bench/testrun.py --libpcap-src DIR [--promisc BIN] [--tcpdump BIN] [--jobs N]
                        [--only TEXT] [--show N] [--no-names] [--json]

DIR is a checkout of the libpcap repository holding testprogs/TESTrun (with TESTlib.pm,
TESTst.pm, TESTmt.pm) and tests/ (the savefiles). No libpcap 1.10.x release has TESTrun: it
was written for the 1.11 line (2024), so take it from master:
`git -C REPO archive master testprogs tests | tar -x -C DIR`. Its cases are written for
master's libpcap; promisc follows libpcap 1.10.3 (Debian's libpcap0.8, what the local tcpdump
uses), so where a case's expected text is not what promisc gives, the local libpcap is asked
the same question (`tcpdump -d -y DLT [-O] [-s N] EXPR`, `tcpdump -r FILE -w OUT EXPR`) and
promisc passes when it gives what libpcap 1.10.3 gives.

The cases are TESTrun's own: its test declarations are run by perl (with a config.h describing
Debian's build: glibc, SKF_AD_VLAN_TAG_PRESENT) and handed over as JSON, so every generated
case is there, with TESTrun's labels and skip reasons. Each kind is compared as TESTrun does:

  accept   `promisc filter -d -y DLT [-O] [-s SNAPLEN] [--live] EXPR` must print the expected
           program (optimized or unoptimized) byte for byte, or libpcap 1.10.3's (for the
           cases with Linux's extensions, `--live`, as a live handle on the loopback device
           compiles it: `tcpdump -i lo -d`, which needs CAP_NET_RAW).
  reject   promisc must refuse the expression (exit status != 0); the message is not compared
           (libpcap's changed since 1.10; promisc's name the problem its own way). Where
           promisc compiles it, libpcap 1.10.3 must compile the same program. A savefile
           reject case: `promisc read -r FILE` must refuse the file.
  apply    `promisc read -r FILE -w OUT EXPR` must keep the packets the expected results
           accept (non-zero), or those libpcap 1.10.3 keeps. (Return values are not visible
           this way, so only accept/drop is compared; the optimizer runs for both variants.)

A case applies when promisc compiles filters for its link type (asked once per DLT with an
empty expression) or, for apply and savefile cases, when promisc reads the file's link type.
The rest are counted by reason: TESTrun's own skips (other OS, other build options), link
types promisc has no filters for, options `promisc filter` has no counterpart for (a netmask,
a byte-swapped savefile), cases master's libpcap accepts that libpcap 1.10.3 refuses too (a
newer keyword: promisc follows 1.10.3), cases where libpcap 1.10.3 prints a program that reads
a scratch memory word no path wrote (which the kernel refuses; promisc refuses to make it;
checked on tcpdump -ddd's program), and translatetest cases (libpcap's C name/number
functions, which promisc has no counterpart for).

TESTrun's name cases need hosts(5), networks(5) and ethers(5) entries under libpcap.test.
Run as root (with unshare(1)), the runner re-runs itself in a private mount namespace in which
/etc is a copy with TESTrun's lines added, so those cases run without touching the host's
/etc; --no-names (or not root) leaves them skipped as TESTrun skips them.

Printed: pass/fail per link type and kind, the not-applicable counts by reason, and each
failing case (up to --show N, all by default) with the expression, the expected program or
outcome, libpcap 1.10.3's and promisc's. --json prints the same as one JSON object.
It measures and does not judge: exit 0 whatever the counts, 2 on bad arguments.
"""
import argparse
import collections
import concurrent.futures
import itertools
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

# Debian's libpcap 1.10.3 build, as TESTrun's skip functions read it from config.h.
CONFIG_H = "#define HAVE_GLIBC 1\n#define HAVE_DECL_SKF_AD_VLAN_TAG_PRESENT 1\n"

# Appended to TESTrun's declarations (everything before it decides what to run): the flat list
# of cases TESTrun would run, with the kind of each, and its name-database lines, as JSON.
PERL_DUMP = r"""
use JSON::PP;
my %kinds = (
	\&run_skip_test => 'skip',
	\&run_filter_accept_test => 'accept',
	\&run_filter_apply_test => 'apply',
	\&run_filter_reject_test => 'reject',
	\&run_translate_accept_test => 'translate_accept',
	\&run_translate_reject_test => 'translate_reject',
);
my @out;
foreach (@ready_to_run) {
	my %h = %$_;
	$h{kind} = $kinds{$h{func}} // 'unknown';
	delete $h{func};
	push @out, \%h;
}
print JSON::PP->new->canonical->encode({tests => \@out, ethers => \@ethers_lines,
	hosts => \@hosts_lines, networks => \@networks_lines});
"""

CUT = "if (! scalar @ready_to_run) {"
TIMEOUT = 20


def run(cmd, cwd=None):
    env = dict(os.environ, LC_ALL="C")
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
        return (p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        return "timeout", "", f"timed out after {TIMEOUT} s"


def load_cases(src, work):
    """TESTrun's cases, by running its declarations under perl."""
    progs = os.path.join(src, "testprogs")
    with open(os.path.join(progs, "TESTrun")) as f:
        text = f.read()
    at = text.find(CUT)
    if at < 0:
        raise SystemExit(f"testrun.py: {progs}/TESTrun has no '{CUT}' line: an unknown layout")
    for pm in ("TESTlib.pm", "TESTst.pm", "TESTmt.pm"):
        shutil.copy(os.path.join(progs, pm), work)
    with open(os.path.join(work, "dump.pl"), "w") as f:
        f.write(text[:at] + PERL_DUMP)
    with open(os.path.join(work, "config.h"), "w") as f:
        f.write(CONFIG_H)
    env = dict(os.environ, CONFIG_H=os.path.join(work, "config.h"))
    p = subprocess.run(["perl", os.path.join(work, "dump.pl"), "--skipped"], cwd=work, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit("testrun.py: perl could not read TESTrun's cases:\n" +
                         p.stderr.decode("utf-8", "replace"))
    return json.loads(p.stdout)


def names_namespace(argv, src, work):
    """Re-runs this script in a private mount namespace whose /etc has TESTrun's hosts,
    networks and ethers lines. Returns the exit status, or None when that is not possible."""
    if os.environ.get("PROMISC_TESTRUN_NAMES") or os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    d = load_cases(src, work)
    etc = os.path.join(work, "etc")
    shutil.copytree("/etc", etc, symlinks=True)
    for name, lines in (("hosts", d["hosts"]), ("networks", d["networks"]),
                        ("ethers", d["ethers"])):
        path = os.path.join(etc, name)
        if os.path.islink(path):
            os.unlink(path)
        with open(path, "a") as f:
            f.write("\n" + "\n".join(lines) + "\n")
    env = dict(os.environ, PROMISC_TESTRUN_NAMES="1")
    cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
           'mount --bind "$0" /etc && exec "$@"', etc, sys.executable, os.path.abspath(__file__)]
    return subprocess.run(cmd + argv, env=env).returncode


# ---- savefiles: the records of a pcap or pcapng file, to tell which packets a filter kept ----

def records(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return None
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        out, off = [], 24
        while off + 16 <= len(data):
            incl = struct.unpack_from(e + "I", data, off + 8)[0]
            out.append(data[off + 16:off + 16 + incl])
            off += 16 + incl
        return out
    if magic == b"\x0a\x0d\x0d\x0a":
        out, off, e = [], 0, "<"
        while off + 12 <= len(data):
            btype = struct.unpack_from(e + "I", data, off)[0]
            if btype == 0x0A0D0D0A:
                e = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            blen = struct.unpack_from(e + "I", data, off + 4)[0]
            if blen < 12:
                break
            if btype == 6:
                cap = struct.unpack_from(e + "I", data, off + 20)[0]
                out.append(data[off + 28:off + 28 + cap])
            elif btype == 3:
                cap = blen - 16
                out.append(data[off + 12:off + 12 + cap])
            off += blen
        return out
    return None


def kept(inp, outp):
    """Which of inp's packets are in outp (a filtered copy: the same packets, in order)."""
    a, b = records(inp), records(outp) if os.path.exists(outp) else []
    if a is None or b is None:
        return None
    res, j = [], 0
    for p in a:
        if j < len(b) and b[j] == p:
            res.append(1)
            j += 1
        else:
            res.append(0)
    return res


# ---- the cases ----

def reads_unwritten_scratch(ddd):
    """Whether a program (tcpdump -ddd's text) reads a scratch memory word that some path to
    the read never wrote: the kernel's classic BPF checker refuses such a program."""
    lines = ddd.split("\n")
    try:
        n = int(lines[0])
        insns = [tuple(int(x) for x in line.split()) for line in lines[1:1 + n]]
    except (ValueError, IndexError):
        return False
    written = [None] * n  # the words written on every path to each instruction
    written[0] = frozenset()
    for pc, (code, jt, jf, k) in enumerate(insns):
        w = written[pc]
        if w is None:
            continue  # unreachable
        cls = code & 0x07
        if code in (0x60, 0x61) and k not in w:  # ld M[k], ldx M[k]
            return True
        if cls in (0x02, 0x03):  # st, stx
            w = w | {k}
        if cls == 0x06:  # ret
            succ = []
        elif cls == 0x05:
            succ = [pc + 1 + k] if code == 0x05 else [pc + 1 + jt, pc + 1 + jf]
        else:
            succ = [pc + 1]
        for s in succ:
            if s < n:
                written[s] = w if written[s] is None else (written[s] & w)
    return False


class Runner:
    def __init__(self, a, src, work):
        self.promisc, self.tcpdump, self.src, self.work = a.promisc, a.tcpdump, src, work
        self.dlt_ok = {}
        self.seq = itertools.count()

    def tmp(self, ext):
        return os.path.join(self.work, f"out{next(self.seq)}{ext}")

    def promisc_compiles_for(self, dlt):
        if dlt not in self.dlt_ok:
            rc, _, _ = run([self.promisc, "filter", "-d", "-y", dlt, ""])
            self.dlt_ok[dlt] = rc == 0
        return self.dlt_ok[dlt]

    def accept(self, t):
        opts = ["-y", t["DLT"]]
        if not t.get("optimize"):
            opts.append("-O")
        if t.get("snaplen") is not None:
            opts += ["-s", str(t["snaplen"])]
        live = ["--live"] if t.get("linuxext") else []
        rc, out, err = run([self.promisc, "filter", "-d"] + opts + live + ["--", t["expr"]])
        ours = out if rc == 0 else f"(refused: {err.strip()})\n"
        if ours == t["expected"]:
            return "pass", {}
        info = {"expected": t["expected"], "promisc": ours}
        if live:
            # tcpdump -d -y compiles for a dead handle, without Linux's extensions; a live
            # handle on the loopback device (an Ethernet one on Linux: EN10MB, needs
            # CAP_NET_RAW) has them.
            if t["DLT"] != "EN10MB":
                return "fail", info
            cmd = [self.tcpdump, "-i", "lo", "-d"] + opts[2:] + ["--", t["expr"]]
        else:
            cmd = [self.tcpdump, "-d"] + opts + ["--", t["expr"]]
        trc, tout, terr = run(cmd)
        theirs = tout if trc == 0 else f"(refused: {terr.strip().splitlines()[-1] if terr.strip() else trc})\n"
        info["libpcap-1.10.3"] = theirs
        if trc == 0 and ours == theirs:
            return "pass", info
        if trc != 0 and rc != 0:
            return "n/a: libpcap 1.10.3 refuses it too (a newer libpcap's syntax)", info
        if trc == 0 and rc != 0 and "scratch memory read before it is written" in err:
            # libpcap 1.10.3 prints a program the kernel refuses (a register read that no
            # path wrote, e.g. after 'geneve' on radiotap); promisc refuses to make it.
            drc, ddd, _ = run([cmd[0], "-ddd"] + cmd[2:])
            if drc == 0 and reads_unwritten_scratch(ddd):
                return ("n/a: libpcap 1.10.3's program reads scratch memory no path wrote "
                        "(the kernel refuses it); promisc refuses it"), info
        return "fail", info

    def reject_expr(self, t):
        rc, out, err = run([self.promisc, "filter", "-d", "-y", t["DLT"], "--", t["expr"]])
        info = {"expected": "refused: " + t["expected"], "promisc":
                (out if rc == 0 else f"(refused: {err.strip()})\n")}
        # The outcome TESTrun wants; the message is not compared: libpcap's messages changed
        # since 1.10, and promisc's name the problem its own way.
        if rc != 0 and rc != "timeout":
            return "pass", info
        # Compiled: right only where libpcap 1.10.3 compiles the same program.
        trc, tout, terr = run([self.tcpdump, "-d", "-y", t["DLT"], "--", t["expr"]])
        info["libpcap-1.10.3"] = tout if trc == 0 else f"(refused: {terr.strip()})\n"
        if trc == 0 and out == tout:
            return "pass", info
        return "fail", info

    def reject_file(self, t):
        path = os.path.join(self.src, "tests", t["savefile"])
        rc, _, err = run([self.promisc, "read", "-n", "-r", path])
        info = {"expected": "refused: " + t["expected"],
                "promisc": f"(refused: {err.strip()})" if rc != 0 else "(read it)"}
        if rc != 0 and rc != "timeout" and err.strip():
            return "pass", info
        trc, _, terr = run([self.tcpdump, "-n", "-r", path])
        info["libpcap-1.10.3"] = f"(refused: {terr.strip()})" if trc != 0 else "(read it)"
        if rc == 0 and trc == 0:
            return "pass", info
        return "fail", info

    def apply(self, t):
        path = os.path.join(self.src, "tests", t["savefile"])
        ext = os.path.splitext(path)[1]
        out = self.tmp(ext)
        rc, _, err = run([self.promisc, "read", "-r", path, "-w", out, "--", t["expr"]])
        want = [1 if int(x) else 0 for x in t["expected"].split()]
        if rc != 0:
            if "promisc applies filters to" in err or "promisc compiles filters for" in err:
                return "n/a: promisc does not read or filter this file's link type", {
                    "promisc": err.strip()}
            ours = f"(refused: {err.strip()})"
        else:
            ours = kept(path, out)
        info = {"expected": want, "promisc": ours}
        if ours == want:
            return "pass", info
        tout = self.tmp(ext)
        trc, _, terr = run([self.tcpdump, "-r", path, "-w", tout, "--", t["expr"]])
        theirs = kept(path, tout) if trc == 0 else f"(refused: {terr.strip()})"
        info["libpcap-1.10.3"] = theirs
        for p in (out, tout):
            if os.path.exists(p):
                os.unlink(p)
        if ours == theirs:
            return "pass", info
        if trc != 0 and rc != 0:
            return "n/a: libpcap 1.10.3 refuses it too (a newer libpcap's syntax)", info
        return "fail", info

    def case(self, t):
        k = t["kind"]
        if k == "skip":
            return "n/a: skipped by TESTrun (" + t["skip"] + ")", {}
        if k.startswith("translate"):
            return "n/a: translatetest (libpcap's C name/number functions)", {}
        if k == "apply":
            return self.apply(t)
        if k == "reject" and t.get("savefile"):
            return self.reject_file(t)
        if not self.promisc_compiles_for(t["DLT"]):
            return "n/a: promisc compiles no filters for this link type", {}
        if t.get("netmask") is not None:
            return "n/a: a netmask (filtertest -m), which promisc filter does not take", {}
        if t.get("generate_offline_filter"):
            return "n/a: a savefile's byte order (filtertest -S), which promisc filter does not take", {}
        if k == "accept":
            return self.accept(t)
        return self.reject_expr(t)


def group(t):
    if t["kind"] == "apply" or (t["kind"] == "reject" and t.get("savefile")):
        return "(savefiles)"
    return t.get("DLT", "?")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--libpcap-src", required=True)
    ap.add_argument("--promisc", default=None)
    ap.add_argument("--tcpdump", default="tcpdump")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default=None, help="only the cases whose label contains TEXT")
    ap.add_argument("--show", type=int, default=None, help="print at most N failing cases")
    ap.add_argument("--no-names", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    src = os.path.abspath(a.libpcap_src)
    if not os.path.isfile(os.path.join(src, "testprogs", "TESTrun")):
        print(f"testrun.py: {src}/testprogs/TESTrun not found: libpcap 1.10.x has none; give a "
              "checkout of libpcap's master (git -C REPO archive master testprogs tests | tar -x "
              "-C DIR)", file=sys.stderr)
        return 2
    if not shutil.which("perl"):
        print("testrun.py: perl is needed to read TESTrun's cases (apt-get install perl)",
              file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    a.promisc = os.path.abspath(a.promisc or os.path.join(root, "target", "debug", "promisc"))
    if not os.access(a.promisc, os.X_OK):
        print(f"testrun.py: {a.promisc} is not executable (cargo build, or --promisc)",
              file=sys.stderr)
        return 2
    if not shutil.which(a.tcpdump):
        print(f"testrun.py: {a.tcpdump} not found (apt-get install tcpdump, or --tcpdump)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="promisc-testrun-") as work:
        if not a.no_names:
            rc = names_namespace(sys.argv[1:], src, work)
            if rc is not None:
                return rc
        return measure(a, src, work)


def measure(a, src, work):
    d = load_cases(src, work)
    # TESTrun gives a skipped block's reason with its first case only.
    reason = ""
    for t in d["tests"]:
        if t["kind"] == "skip":
            reason = t.get("skip") or reason
            t["skip"] = reason
    cases = [t for t in d["tests"] if not a.only or a.only in t["label"]]
    r = Runner(a, src, work)
    for dlt in sorted({t["DLT"] for t in cases if t.get("DLT")}):
        r.promisc_compiles_for(dlt)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = list(ex.map(r.case, cases))

    by_dlt = collections.defaultdict(collections.Counter)
    na = collections.Counter()
    failures = []
    for t, (verdict, info) in zip(cases, results):
        if verdict.startswith("n/a"):
            na[verdict] += 1
            continue
        key = (group(t), t["kind"])
        by_dlt[key][verdict] += 1
        if verdict == "fail":
            failures.append(dict(info, label=t["label"], DLT=t.get("DLT"),
                                 expr=t.get("expr"), savefile=t.get("savefile")))
    applied = sum(sum(c.values()) for c in by_dlt.values())
    passed = sum(c["pass"] for c in by_dlt.values())
    names = bool(os.environ.get("PROMISC_TESTRUN_NAMES"))
    if a.json:
        json.dump({"cases": len(cases), "applicable": applied, "passed": passed,
                   "names_configured": names,
                   "by_link_type": {f"{k[0]} {k[1]}": c for k, c in sorted(by_dlt.items())},
                   "not_applicable": na, "failures": failures}, sys.stdout, indent=1)
        print()
        return 0
    v = run([a.tcpdump, "--version"])[1].splitlines()
    print(f"local: {' / '.join(v[:2])}")
    print(f"promisc: {a.promisc}")
    print(f"TESTrun cases: {len(cases)}; applicable: {applied}; passed: {passed}; "
          f"failed: {applied - passed}; name databases "
          f"{'configured (private /etc)' if names else 'not configured (their cases skipped)'}")
    print(f"\n{'link type':<24} {'kind':<8} {'pass':>6} {'fail':>6}")
    for (g, kind), c in sorted(by_dlt.items()):
        print(f"{g:<24} {kind:<8} {c['pass']:>6} {c['fail']:>6}")
    print("\nnot applicable:")
    for k, n in na.most_common():
        print(f"{n:>7}  {k}")
    shown = failures if a.show is None else failures[:a.show]
    if shown:
        print(f"\nfailing cases ({len(failures)}):")
    for f in shown:
        what = f["expr"] if f["expr"] is not None else ""
        print(f"\n--- {f['label']}  [{f['DLT'] or f['savefile']}]  {what!r}")
        for k in ("expected", "libpcap-1.10.3", "promisc"):
            if k in f:
                val = f[k]
                text = val if isinstance(val, str) else json.dumps(val)
                print(f"{k}:\n{text.rstrip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
