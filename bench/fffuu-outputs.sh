#!/usr/bin/env bash
# Whole-process timing of the outputs the verified analyser fffuu computes (simple firewall, spoofing
# check, TCP service matrices for ports 22 and 80, FORWARD chain) on the TUM router rulesets:
# `rampart overview` (one process) and, for comparison, flatten + exposure + spoofing as three processes.
# Runs alternate; the script prints every run and the median wall time and peak RSS of each.
#
# usage: bench/fffuu-outputs.sh [-n RUNS]      (default 5 runs of each)
# Needs ../shared (the rulesets) beside the project. Sends no traffic, needs no root.
set -euo pipefail

RUNS=5
while [ $# -gt 0 ]; do
    case "$1" in
        -n) RUNS="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "fffuu-outputs.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REAL=$ROOT/../shared/rulesets/real
T16=$REAL/configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01
IF16=$ROOT/rampart-analysis/src/test/resources/spoofing/tum-2016-06-27-interfaces.json
TMP=$(mktemp -d /tmp/fffuu-outputs.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# TUM 2014-07 holds one range iptables 1.8 (and Rampart) rejects, 60000:29; fffuu reads it as 29:60000
T14=$TMP/tum-2014-07.rules
sed 's/--dport 60000:29/--dport 29:60000/' "$REAL/configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014" > "$T14"
"$ROOT/rampart" --version > /dev/null   # build the jar and the class-data archive outside the timings

# one measurement: NAME then the commands (each a quoted argument string), run in sequence
measure() {
    local name=$1; shift
    local start end peak=0 rss
    start=$(date +%s%N)
    for c in "$@"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%M" -o "$TMP/rss" "$ROOT/rampart" $c > /dev/null || [ $? -eq 1 ]
        rss=$(tail -1 "$TMP/rss"); [ "$rss" -gt "$peak" ] && peak=$rss
    done
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $((peak / 1024))" >> "$TMP/$name"
    echo "$name: $(( (end - start) / 1000000 )) ms, peak $((peak / 1024)) MB"
}

for i in $(seq 1 "$RUNS"); do
    measure tum2016-overview "overview --chain FORWARD --port 22,80 --interfaces $IF16 $T16"
    measure tum2016-three "flatten --table filter --chain FORWARD $T16" \
        "exposure --chain FORWARD --port 22,80 $T16" "spoofing --chain FORWARD --interfaces $IF16 $T16"
    measure tum2014-overview "overview --chain FORWARD --port 22,80 $T14"
    measure tum2014-two "flatten --table filter --chain FORWARD $T14" "exposure --chain FORWARD --port 22,80 $T14"
done
echo "medians of $RUNS runs (wall ms, peak MB of the largest process):"
for f in tum2016-overview tum2016-three tum2014-overview tum2014-two; do
    echo "  $f: $(sort -n "$TMP/$f" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
