#!/usr/bin/env bash
# Benchmark (issue 20, item 8): `promisc watch --all-netns` under namespace churn. N named
# namespaces are made in a burst (P at a time); in each, right after `ip netns add`, a veth
# pair is made and one episode of the user flag runs on v0 (`promisc on`, EPISODE ms,
# `promisc off`). Completeness = episodes seen / episodes made:
#
#   seen    the watcher reported v0 of that namespace going promiscuous (any event whose
#           counter rose), and back
#   named   both events name the holder (the user flag)
#
# Each watcher runs alone against its own burst (same N, P, EPISODE): the binary under test
# (PROMISC_BIN, default the release build), and with -b the same for another binary (e.g.
# main's). The peer is what a script without promisc would do: `ip -all netns exec ip -o
# link show` in a loop, an episode counting as seen when one pass showed v0 with PROMISC
# (it cannot name holders). A peer on events (`ip monitor link all-nsid`) hears nothing of a
# new named namespace, which has no id in the monitor's, so it is not measured.
#
# Usage: sudo [PROMISC_BIN=path] bench/watch-churn.sh [-n N] [-p P] [-e EPISODE_MS]
#                                                     [-b BASELINE] [-I]
#   -I  skip the ip polling peer
# The script measures and does not judge: exit 0 whatever the numbers, 4 on a set-up failure.
set -euo pipefail
cd "$(dirname "$0")/.."
n=200 par=50 episode=300 baseline= peer=1
while getopts n:p:e:b:Ih opt; do
  case $opt in
    n) n=$OPTARG ;;
    p) par=$OPTARG ;;
    e) episode=$OPTARG ;;
    b) baseline=$OPTARG ;;
    I) peer=0 ;;
    *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "bench/watch-churn.sh: needs root (makes network namespaces)" >&2; exit 4; }
if [ -z "${PROMISC_BIN:-}" ]; then cargo build --release -q; fi
bin=${PROMISC_BIN:-$PWD/target/release/promisc}
tmp=$(mktemp -d /tmp/watch-churn.XXXXXX)
prefix=wchurn-$$
watcher= poller=
cleanup() {
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null || true
  [ -n "$poller" ] && kill "$poller" 2>/dev/null || true
  for ns in $(ls /run/netns 2>/dev/null | grep "^$prefix-" || true); do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# One namespace and its episode.
one() {
  local ns=$1 secs
  secs=$(awk -v ms="$episode" 'BEGIN {printf "%.3f", ms / 1000}')
  ip netns add "$ns"
  ip -n "$ns" link add v0 type veth peer name v1
  ip -n "$ns" link set v0 promisc on
  sleep "$secs"
  ip -n "$ns" link set v0 promisc off
}
export -f one
export episode

burst() {  # $1: the round's tag
  local t0 t1
  t0=$(date +%s%N)
  seq 1 "$n" | sed "s/^/$prefix-$1-/" | xargs -P "$par" -I{} bash -c 'one {}'
  t1=$(date +%s%N)
  echo "  burst of $n namespaces, $par at a time: $(( (t1 - t0) / 1000000 )) ms" >&2
}

drop_all() {
  for ns in $(ls /run/netns | grep "^$prefix-" || true); do ip netns del "$ns"; done
}

# Counts, from watch --json lines, the episodes of namespaces "$prefix-$tag-*".
count_json() {  # $1: file, $2: tag
  python3 - "$1" "$prefix-$2-" "$n" <<'EOF'
import json, sys
path, pre, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ev = {}
for line in open(path):
    try:
        v = json.loads(line)
    except ValueError:
        continue
    if not v.get("netns", "").startswith(pre) or v.get("interface") != "v0":
        continue
    ev.setdefault(v["netns"], []).append(v)
seen = named = 0
for evs in ev.values():
    up = [v for v in evs if v["promiscuity_after"] > v["promiscuity_before"]]
    down = [v for v in evs if v["promiscuity_after"] < v["promiscuity_before"]]
    if up and down:
        seen += 1
        if all((v.get("holder") or {}).get("kind") == "user_flag" for v in up + down):
            named += 1
print(f"{seen} {named}")
EOF
}

run_watch() {  # $1: label, $2: binary, $3: tag
  local out=$tmp/$3.json err=$tmp/$3.err cpu0 cpu1 i
  "$2" watch --all-netns --json --interval 2s >"$out" 2>"$err" &
  watcher=$!
  for i in $(seq 200); do grep -q watching "$err" && break; sleep 0.05; done
  grep -q watching "$err" || { echo "$1: watch did not start: $(cat "$err")" >&2; exit 4; }
  cpu0=$(awk '{print $14 + $15}' /proc/$watcher/stat)
  burst "$3"
  # Until the events stop coming (the last episodes' events, or the poll's), at most 10 s.
  local last=-1 size
  for i in $(seq 20); do
    size=$(stat -c %s "$out")
    [ "$size" = "$last" ] && [ "$i" -gt 5 ] && break
    last=$size
    sleep 0.5
  done
  cpu1=$(awk '{print $14 + $15}' /proc/$watcher/stat)
  kill "$watcher"; wait "$watcher" 2>/dev/null || true; watcher=
  read -r seen named < <(count_json "$out" "$3")
  printf '%-28s %4d/%-4d %4d/%-4d %8.2f\n' "$1" "$seen" "$n" "$named" "$n" \
    "$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {print t / hz}')"
  drop_all
}

run_peer() {  # $1: tag
  local out=$tmp/$1.ip flag=$tmp/$1.stop
  ( while [ ! -e "$flag" ]; do ip -all netns exec ip -o link show 2>/dev/null; done ) >"$out" &
  poller=$!
  burst "$1"
  touch "$flag"; wait "$poller" || true; poller=
  local seen
  seen=$(awk -v pre="$prefix-$1-" '
    /^netns: / {ns = $2; next}
    index(ns, pre) == 1 && / v0@v1: / && /PROMISC/ {s[ns] = 1}
    END {print length(s)}' "$out")
  printf '%-28s %4d/%-4d %9s %8s\n' "ip -all netns exec (loop)" "$seen" "$n" "-" "-"
  drop_all
}

echo "watch under namespace churn: $n namespaces, $par at a time, one ${episode} ms episode each" >&2
printf '%-28s %9s %9s %8s\n' "watcher" "seen" "named" "cpu s"
run_watch "promisc watch (this build)" "$bin" new
if [ -n "$baseline" ]; then
  run_watch "promisc watch (baseline)" "$baseline" old
fi
if [ "$peer" = 1 ]; then
  run_peer peer
fi
