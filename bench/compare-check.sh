#!/usr/bin/env bash
# Whole-process comparison: checking a kube-proxy-shaped iptables-save file with the real
# `iptables-nft-restore --test` (inside a throwaway network namespace) versus the real `./rampart check -q`
# (the launcher with its JVM flags and class-data archive), or with --checkmain the bare parser in a JVM
# with --java-opts flags (dev.rampart.bench.CheckMain).
#
# Runs are alternated (iptables, rampart, iptables, rampart, ...) so that both see the same machine
# state; the script reports the median wall time and the median peak RSS of each, and their ratio.
#
# usage: bench/compare-check.sh [-n RUNS] [--file FILE] [--jar JAR] [--java-opts "FLAGS"] [--flags]
#   -n RUNS         runs of each side (default 5)
#   --file FILE     check FILE instead of generating the 320,025-rule file
#   --jar JAR       benchmarks jar (default rampart-bench/target/benchmarks.jar)
#   --java-opts F   JVM flags for the rampart side (default: the recommended set below)
#   --checkmain     measure dev.rampart.bench.CheckMain with --java-opts instead of ./rampart check
#   --flags         additionally sweep JVM flag sets for the rampart side (N runs each) and report
#                   which minimises whole-process wall time
#
# Build first: mvn -q -pl rampart-model,rampart-bench -am package -DskipTests
# Needs root (ip netns) and iptables-nft-restore; installs nothing. Sends no traffic.
set -euo pipefail

RUNS=5
FILE=
JAR=
SWEEP=0
CLI=1
# Recommended flags for a short single-threaded CLI run: see docs/benchmarks.md ("JVM flags").
JAVA_OPTS_DEFAULT="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
JAVA_OPTS="$JAVA_OPTS_DEFAULT"
while [ $# -gt 0 ]; do
    case "$1" in
        -n) RUNS="$2"; shift 2 ;;
        --file) FILE="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --java-opts) JAVA_OPTS="$2"; shift 2 ;;
        --flags) SWEEP=1; shift ;;
        --checkmain) CLI=0; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "compare-check.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/rampart-bench/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "compare-check.sh: $JAR missing; build with: mvn -q -pl rampart-model,rampart-bench -am package -DskipTests" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare-check.sh: /usr/bin/time missing; install it with: apt-get install -y time" >&2; exit 2; }
command -v iptables-nft-restore >/dev/null || { echo "compare-check.sh: iptables-nft-restore not found (apt-get install -y iptables)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "compare-check.sh: needs root for 'ip netns add'" >&2; exit 2; }

NS=rb-$$
TMP=$(mktemp -d /tmp/compare-check.XXXXXX)
cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS"

if [ -z "$FILE" ]; then
    FILE=$TMP/kube-proxy-320k.save
    java -cp "$JAR" dev.rampart.bench.KubeProxyRulesetGenerator "$FILE" >/dev/null
fi
LINES=$(wc -l < "$FILE")
RULES=$(grep -c '^-A' "$FILE" || true)

# run_one NAME STDIN CMD... : runs CMD once under /usr/bin/time -v, appends "wall_ms rss_kb" to $TMP/NAME
run_one() {
    local name=$1 input=$2
    shift 2
    local start end rc=0
    start=$(date +%s%N)
    /usr/bin/time -v -o "$TMP/time.txt" "$@" < "$input" > "$TMP/out.txt" 2> "$TMP/err.txt" || rc=$?
    end=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
        echo "compare-check.sh: '$*' exited with status $rc:" >&2
        cat "$TMP/err.txt" "$TMP/out.txt" >&2
        exit 1
    fi
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
    echo "$(( (end - start) / 1000000 )) $rss" >> "$TMP/$name"
    cp "$TMP/out.txt" "$TMP/$name.last"
}

# median COLUMN FILE
median() {
    sort -n -k"$1","$1" "$2" | awk -v c="$1" '{v[NR]=$c} END {if (NR%2) print v[(NR+1)/2]; else printf "%d\n", (v[NR/2]+v[NR/2+1])/2}'
}

run_rampart() { # NAME FLAGS...
    local name=$1
    shift
    if [ "$CLI" -eq 1 ] && [ "$name" = rampart ]; then
        run_one "$name" /dev/null "$ROOT/rampart" check -q "$FILE"
        return
    fi
    # shellcheck disable=SC2086
    run_one "$name" /dev/null java "$@" -cp "$JAR" dev.rampart.bench.CheckMain "$FILE"
}

echo "file: $FILE ($LINES lines, $RULES rules)"
echo "machine: $(nproc) CPUs, $(free -h | awk '/^Mem:/ {print $2}') RAM, $(java -version 2>&1 | head -1), $(iptables-nft-restore --version 2>&1 | head -1)"
if [ "$CLI" -eq 1 ]; then
    echo "rampart: $ROOT/rampart check -q (launcher flags: $(grep -m1 '^flags=' "$ROOT/rampart"))"
else
    echo "rampart JVM flags: ${JAVA_OPTS:-(none)}"
fi
echo

# one warm-up of each (page cache, binaries), not counted
ip netns exec "$NS" iptables-nft-restore --test < "$FILE" > /dev/null
if [ "$CLI" -eq 1 ]; then
    "$ROOT/rampart" check -q "$FILE" > /dev/null
else
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$JAR" dev.rampart.bench.CheckMain "$FILE" > /dev/null
fi

for i in $(seq "$RUNS"); do
    run_one iptables "$FILE" ip netns exec "$NS" iptables-nft-restore --test
    # shellcheck disable=SC2086
    run_rampart rampart $JAVA_OPTS
done

IPT_MS=$(median 1 "$TMP/iptables"); IPT_RSS=$(median 2 "$TMP/iptables")
RB_MS=$(median 1 "$TMP/rampart"); RB_RSS=$(median 2 "$TMP/rampart")
printf '%-44s %10s %12s   %s\n' "command ($RUNS runs each, alternating)" "wall ms" "peak RSS MB" "all wall ms"
printf '%-44s %10d %12.1f   %s\n' "iptables-nft-restore --test" "$IPT_MS" "$(echo "$IPT_RSS/1024" | bc -l)" "$(cut -d' ' -f1 "$TMP/iptables" | tr '\n' ' ')"
printf '%-44s %10d %12.1f   %s\n' "$([ "$CLI" -eq 1 ] && echo "rampart check -q" || echo "rampart CheckMain")" "$RB_MS" "$(echo "$RB_RSS/1024" | bc -l)" "$(cut -d' ' -f1 "$TMP/rampart" | tr '\n' ' ')"
printf 'ratio rampart/iptables: wall %.2f, peak RSS %.2f\n' "$(echo "$RB_MS/$IPT_MS" | bc -l)" "$(echo "$RB_RSS/$IPT_RSS" | bc -l)"
echo "rampart output: $(head -1 "$TMP/rampart.last")"

if [ "$SWEEP" -eq 1 ]; then
    echo
    echo "JVM flag sweep for the rampart side ($RUNS runs each, median):"
    CDS=$TMP/app.jsa
    java -XX:ArchiveClassesAtExit="$CDS" -cp "$JAR" dev.rampart.bench.CheckMain "$FILE" > /dev/null 2>&1
    CDS_C1=$TMP/app-c1.jsa
    java -XX:ArchiveClassesAtExit="$CDS_C1" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$JAR" \
        dev.rampart.bench.CheckMain "$FILE" > /dev/null 2>&1
    SETS=(
        ""
        "-Xshare:off"
        "-XX:+UseSerialGC"
        "-XX:+UseParallelGC"
        "-XX:TieredStopAtLevel=1"
        "-XX:-TieredCompilation"
        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m"
        "-XX:+UseParallelGC -XX:TieredStopAtLevel=1"
        "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmn1g"
        "-XX:SharedArchiveFile=$CDS"
        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$CDS_C1"
    )
    printf '%-72s %8s %8s   %s\n' "flags" "wall ms" "RSS MB" "all wall ms"
    for set in "${SETS[@]}"; do
        key=$(echo "${set:-default}" | md5sum | cut -c1-8)
        rm -f "$TMP/sweep-$key"
        for i in $(seq "$RUNS"); do
            # shellcheck disable=SC2086
            run_rampart "sweep-$key" $set
        done
        label=${set:-"(default: G1, tiered C1+C2, CDS of JDK classes)"}
        label=${label//$TMP\//}
        printf '%-72s %8d %8.1f   %s\n' "$label" "$(median 1 "$TMP/sweep-$key")" \
            "$(echo "$(median 2 "$TMP/sweep-$key")/1024" | bc -l)" "$(cut -d' ' -f1 "$TMP/sweep-$key" | tr '\n' ' ')"
    done
fi
