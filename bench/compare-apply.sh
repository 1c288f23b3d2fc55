#!/usr/bin/env bash
# Whole-process comparison: loading a ruleset with the bare `iptables-restore` versus `rampart apply`
# (the launcher with its JVM flags: read, parse, lock-out check, save of the live state, history entry
# written and fsynced, rollback watcher started, the same iptables-restore fed the file unchanged).
#
# Each run gets a fresh throwaway network namespace (so both sides load into the same empty kernel
# state) and, for rampart, a fresh --root. Runs are alternated (iptables, rampart, iptables, ...). The
# script prints every run, the medians, their ratio, and rampart's own phases taken from the history
# entry's event times (start -> saved -> armed -> applied).
#
# usage: bench/compare-apply.sh [-n RUNS] [--file FILE] [--jar BENCHJAR]
#   -n RUNS      runs of each side (default 3)
#   --file FILE  apply FILE instead of generating the 320,025-rule kube-proxy file
#   --jar JAR    benchmarks jar with the generator (default rampart-bench/target/benchmarks.jar)
#
# Needs root (ip netns), iptables-restore, and the CLI jar (./rampart builds it). Sends no traffic.
set -euo pipefail

RUNS=3
FILE=
JAR=
while [ $# -gt 0 ]; do
    case "$1" in
        -n) RUNS="$2"; shift 2 ;;
        --file) FILE="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "compare-apply.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/rampart-bench/target/benchmarks.jar}
[ "$(id -u)" -eq 0 ] || { echo "compare-apply.sh: needs root for 'ip netns add'" >&2; exit 2; }

NS=rampart-h-bench-$$
TMP=$(mktemp -d /tmp/compare-apply.XXXXXX)
cleanup() {
    if [ -f "$TMP/watcher.pid" ]; then kill "$(cat "$TMP/watcher.pid")" 2>/dev/null || true; fi
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$FILE" ]; then
    [ -f "$JAR" ] || { echo "compare-apply.sh: $JAR missing; build with: mvn -q -pl rampart-model,rampart-bench -am package -DskipTests" >&2; exit 2; }
    FILE=$TMP/kube-proxy-320k.save
    java -cp "$JAR" dev.rampart.bench.KubeProxyRulesetGenerator "$FILE" >/dev/null
fi
RULES=$(grep -c '^-A' "$FILE" || true)
"$ROOT/rampart" --version >/dev/null   # build the jar and the class-data archive outside the timings

fresh_ns() {
    ip netns del "$NS" 2>/dev/null || true
    ip netns add "$NS"
    ip netns exec "$NS" ip link set lo up
}

ms() { echo $(( ($2 - $1) / 1000000 )); }
: > "$TMP/iptables"; : > "$TMP/rampart"
for i in $(seq 1 "$RUNS"); do
    fresh_ns
    s=$(date +%s%N)
    ip netns exec "$NS" iptables-restore < "$FILE"
    e=$(date +%s%N)
    echo "$(ms "$s" "$e")" >> "$TMP/iptables"
    echo "run $i iptables-restore: $(ms "$s" "$e") ms"

    fresh_ns
    R=$TMP/root-$i
    mkdir -p "$R"
    s=$(date +%s%N)
    "$ROOT/rampart" apply "$FILE" --root "$R" --netns "$NS" --admin 198.18.0.2 --timeout 3600 --no-wait > "$TMP/out.txt"
    e=$(date +%s%N)
    echo "$(ms "$s" "$e")" >> "$TMP/rampart"
    cat "$R"/run/rampart/watcher-1.pid > "$TMP/watcher.pid"
    m=$R/var/lib/rampart/history/000001/manifest.json
    t_saved=$(grep -B1 '"event" : "saved"' "$m" | head -1 | sed 's/.*"time" : "\(.*\)",/\1/')
    t_armed=$(grep -B1 '"event" : "armed"' "$m" | head -1 | sed 's/.*"time" : "\(.*\)",/\1/')
    t_applied=$(grep -B1 '"event" : "applied"' "$m" | head -1 | sed 's/.*"time" : "\(.*\)",/\1/')
    ns_saved=$(date -d "$t_saved" +%s%N); ns_armed=$(date -d "$t_armed" +%s%N); ns_applied=$(date -d "$t_applied" +%s%N)
    echo "run $i rampart apply:    $(ms "$s" "$e") ms  (start->saved $(ms "$s" "$ns_saved"), saved->armed $(ms "$ns_saved" "$ns_armed"), armed->applied $(ms "$ns_armed" "$ns_applied"), applied->exit $(ms "$ns_applied" "$e"))"
    kill "$(cat "$TMP/watcher.pid")" 2>/dev/null || true
    rm -f "$TMP/watcher.pid"
    # (no iptables-save check of the result: on this machine iptables-save 1.8.9 crashes on the 320k
    # ruleset after minutes; rampart's exit status 0 says iptables-restore exited 0)
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
mi=$(median "$TMP/iptables"); mr=$(median "$TMP/rampart")
echo "rules: $RULES, runs: $RUNS each"
echo "median iptables-restore: $mi ms; median rampart apply: $mr ms; ratio: $(awk -v a="$mr" -v b="$mi" 'BEGIN {printf "%.3f", a/b}')"
