#!/usr/bin/env bash
# Benchmark of the filter compiler (issue #4) against libpcap through tcpdump, in one run:
#  1. compile time: `promisc filter -d EXPR` against `tcpdump -y LINKTYPE -d EXPR`, one process
#     per expression, over the whole differential corpus (crates/filter/tests/corpus.txt);
#  2. program size: total instructions of both over the corpus;
#  3. offline filtering: `promisc read -r BIG -w /dev/null EXPR` against
#     `tcpdump -r BIG -w /dev/null EXPR` on a 1,000,000-packet file (the wire fixture packets
#     repeated), medians of RUNS interleaved runs.
# Usage: [PROMISC_BIN=path] bench/filter.sh [RUNS]   (default 5; PROMISC_BIN measures that
# binary instead of building one). Needs tcpdump and python3; no privileges.
# Targets: same verdicts (tested in crates/filter), instructions <= libpcap's, filtering >= 2x.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v tcpdump >/dev/null || { echo "bench/filter.sh: needs tcpdump" >&2; exit 2; }
if [ -z "${PROMISC_BIN:-}" ]; then cargo build --release -q -p promisc; fi
bin=${PROMISC_BIN:-$PWD/target/release/promisc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s%N; }

# 1 and 2: the corpus, one process per expression for each tool.
grep -v '^#' crates/filter/tests/corpus.txt | grep -v '^[[:space:]]*$' > "$work/corpus"
n=0; ours_ns=0; theirs_ns=0; ours_insns=0; theirs_insns=0; both=0
while IFS= read -r line; do
  if [[ "$line" == *$'\t'* ]]; then lt=${line%%$'\t'*}; expr=${line#*$'\t'}; else lt=EN10MB; expr=$line; fi
  n=$((n + 1))
  a=$(now); o=$("$bin" filter -y "$lt" -d "$expr" 2>/dev/null) || o=""; b=$(now)
  t=$(tcpdump -y "$lt" -d "$expr" 2>/dev/null) || t=""; c=$(now)
  ours_ns=$((ours_ns + b - a)); theirs_ns=$((theirs_ns + c - b))
  if [ -n "$o" ] && [ -n "$t" ]; then
    both=$((both + 1))
    ours_insns=$((ours_insns + $(printf '%s\n' "$o" | wc -l)))
    theirs_insns=$((theirs_insns + $(printf '%s\n' "$t" | wc -l)))
  fi
done < "$work/corpus"
echo "corpus: $n expressions, $both compiled by both"
awk -v o="$ours_ns" -v t="$theirs_ns" -v n="$n" 'BEGIN {
  printf "compile, one process per expression: promisc %.2f ms/expr, tcpdump -d %.2f ms/expr, ratio %.3f\n", o/n/1e6, t/n/1e6, o/t }'
awk -v o="$ours_insns" -v t="$theirs_insns" 'BEGIN {
  printf "instructions over the corpus: promisc %d, libpcap %d, ratio %.3f (target <= 1.0)\n", o, t, o/t }'

# 3: a big file from the wire fixture packets.
python3 - "$work/big.pcap" <<'PY'
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
echo "offline filtering of $(du -h "$work/big.pcap" | cut -f1) / 1,000,000 packets, medians of $runs runs:"
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-42s %10s %10s %8s\n' "expression" "promisc" "tcpdump" "speed-up"
for expr in "tcp port 80" "host 10.0.0.1 and not port 22" "udp or icmp" "vlan and tcp" "ip6 and tcp" "tcp[tcpflags] & tcp-syn != 0"; do
  o=(); t=()
  for _ in $(seq "$runs"); do
    a=$(now); "$bin" read -r "$work/big.pcap" -w /dev/null "$expr" 2>/dev/null; b=$(now)
    tcpdump -r "$work/big.pcap" -w /dev/null "$expr" 2>/dev/null; c=$(now)
    o+=($((b - a))); t+=($((c - b)))
  done
  mo=$(median "${o[@]}"); mt=$(median "${t[@]}")
  awk -v e="$expr" -v o="$mo" -v t="$mt" 'BEGIN { printf "%-42s %8.1f ms %8.1f ms %7.2fx\n", e, o/1e6, t/1e6, t/o }'
done
echo "target: at least 2x tcpdump's throughput"
