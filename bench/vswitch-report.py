#!/usr/bin/env python3
"""The tables of bench/vswitch.sh from its rows (one per measured run):
kind who round rate received secs sent sent_secs proc_ticks machine_ticks load a b c d [bps]
where kind is `full` (trafgen as fast as it can) or `sweep:F` (offered F x the bridge's frames/s),
rate the offered frames/s asked of trafgen (0: no limit), proc_ticks the switch process's CPU,
machine_ticks the machine's (niced time excluded), a b c d promisc's accounting (switch rx at the
sender's port, ring drops, switch tx at the receiver's port, tx errors) or dashes.

Usage: vswitch-report.py ROWS CLK_TCK
"""
import statistics
import sys

rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
hz = int(sys.argv[2])
med = statistics.median
order = [w for w in ("bridge", "promisc", "ovs") if any(r[1] == w for r in rows)]


def us_per_frame(ticks, frames):
    return ticks / hz * 1e6 / frames if frames else float("nan")


def fmt_cpu(who, rs, col):
    if who == "bridge" and col == 8:
        return "(kernel)"
    xs = [us_per_frame(int(r[col]), int(r[4])) for r in rs]
    return f"{min(xs):.2f}-{max(xs):.2f}"


full = {w: [r for r in rows if r[0] == "full" and r[1] == w] for w in order}
loads = [float(r[10]) for r in rows]
print(f"load average during the runs: {min(loads):.2f} to {max(loads):.2f}")
print()
print("full rate (trafgen unlimited), medians over rounds; CPU per frame received, range over rounds")
print(f"{'':9} {'frames/s':>9} {'received':>9} {'of sent':>8} {'TCP Gbit/s':>10} "
      f"{'switch CPU us/frame':>20} {'machine CPU us/frame':>21}")
fps = {}
for w in order:
    rs = full[w]
    if not rs:
        continue
    fps[w] = med([int(r[4]) / float(r[5]) for r in rs])
    recv = med([int(r[4]) for r in rs])
    sent = med([int(r[6]) for r in rs])
    tcp = med([float(r[15]) for r in rs if len(r) > 15 and r[15] != "nan"] or [float("nan")])
    print(f"{w:9} {fps[w]:9.0f} {recv:9.0f} {recv / sent:8.4f} {tcp / 1e9:10.2f} "
          f"{fmt_cpu(w, rs, 8):>20} {fmt_cpu(w, rs, 9):>21}")
if "bridge" in fps:
    print("ratios of frames/s: " + ", ".join(
        f"{w} / bridge {fps[w] / fps['bridge']:.3f}" for w in order if w != "bridge" and w in fps)
        + (f", promisc / ovs {fps['promisc'] / fps['ovs']:.3f}" if "ovs" in fps and "promisc" in fps else ""))
for r in full.get("promisc", []):
    got, sent, ticks = int(r[4]), int(r[6]), int(r[8])
    rx, ring, tx, txerr = map(int, r[11:15])
    ok = "adds up" if (rx + ring == sent and tx == got) else "DOES NOT add up"
    print(f"promisc round {r[2]}: sent {sent}, switch rx {rx} + ring drops {ring}, switch tx {tx} "
          f"+ tx errors {txerr}, received {got}: {ok}")

sweep = [r for r in rows if r[0].startswith("sweep:")]
if not sweep:
    sys.exit(0)
fracs = sorted({r[0].split(":", 1)[1] for r in sweep}, key=float)
rounds = sorted({int(r[2]) for r in sweep})
print()
print("sweep: offered F x the bridge's full-rate frames/s of the same round (trafgen --rate);")
print("frames lost = sender's tx - received, per round (of the frames each step sends); CPU per")
print("frame received: median over rounds (switch process / machine)")
head = f"{'F':>5} {'asked pps':>9}"
for w in order:
    head += f" | {w + ' sent pps':>16} {'frames lost per round':>22} {'CPU us':>11}"
print(head)
for f in fracs:
    rs = [r for r in sweep if r[0] == "sweep:" + f]
    line = f"{f:>5} {med([int(r[3]) for r in rs]):9.0f}"
    for w in order:
        ws = sorted((r for r in rs if r[1] == w), key=lambda r: int(r[2]))
        if not ws:
            line += f" | {'':16} {'':22} {'':11}"
            continue
        sent_pps = med([int(r[6]) / float(r[7]) for r in ws])
        lost = " ".join(str(int(r[6]) - int(r[4])) for r in ws)
        sc = "-" if w == "bridge" else f"{med([us_per_frame(int(r[8]), int(r[4])) for r in ws]):.2f}"
        mc = med([us_per_frame(int(r[9]), int(r[4])) for r in ws])
        line += f" | {sent_pps:16.0f} {lost:>22} {sc + ' / ' + format(mc, '.2f'):>11}"
    print(line)
print()
print("highest offered rate with zero loss (every lower rate of the sweep lossless too), per round:")
for w in order:
    per = []
    for rd in rounds:
        best = None
        for f in fracs:
            rs = [r for r in sweep if r[0] == "sweep:" + f and r[1] == w and int(r[2]) == rd]
            if not rs:
                continue
            r = rs[0]
            if int(r[6]) - int(r[4]) > 0:
                break
            best = (f, int(r[6]) / float(r[7]))
        per.append("none" if best is None else f"{best[0]}x ({best[1]:.0f} pps sent)")
    print(f"  {w:8} " + "; ".join(per))
if "0.8" in fracs:
    print("offered 0.8x the bridge's frames/s, lost per round: " + "; ".join(
        f"{w} " + " ".join(
            f"{100 * (int(r[6]) - int(r[4])) / max(int(r[6]), 1):.2f} %"
            for r in sorted((r for r in sweep if r[0] == "sweep:0.8" and r[1] == w), key=lambda r: int(r[2])))
        for w in order))
