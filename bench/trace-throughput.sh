#!/usr/bin/env bash
# Whole-process timing of `rampart trace --packets FILE` on the TUM router ruleset (4,139 rules):
# 200,000 forwarded TCP SYN packets between the router's VLAN interfaces and addresses, generated with a
# fixed seed, traced with --format json and --format text (trace steps included), output to /dev/null.
# Prints every run and the median wall time and peak RSS of each format.
#
# usage: bench/trace-throughput.sh [-n RUNS] [--packets N]     (default 3 runs, 200000 packets)
# Needs ../shared (the rulesets) beside the project and python3. Sends no traffic, needs no root.
set -euo pipefail

RUNS=3
COUNT=200000
while [ $# -gt 0 ]; do
    case "$1" in
        -n) RUNS="$2"; shift 2 ;;
        --packets) COUNT="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "trace-throughput.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d /tmp/trace-throughput.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# TUM 2014-07 holds one range iptables 1.8 (and Rampart) rejects, 60000:29
sed 's/--dport 60000:29/--dport 29:60000/' \
    "$ROOT/../shared/rulesets/real/configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014" \
    > "$TMP/tum.rules"
python3 - "$COUNT" > "$TMP/packets.txt" <<'PY'
import random, sys
random.seed(7)
ifs = ['eth1.96', 'eth1.97', 'eth1.108', 'eth1.109', 'eth1.110', 'eth1.152', 'eth1.171', 'eth1.1011', 'eth0']
for _ in range(int(sys.argv[1])):
    a, b = random.sample(ifs, 2)
    src = '131.159.%d.%d' % (random.randint(0, 31), random.randint(1, 254))
    dst = '131.159.%d.%d' % (random.randint(0, 31), random.randint(1, 254))
    print('tcp %s:%d > %s:%d in %s out %s syn' % (src, random.randint(1024, 65535), dst,
          random.choice([22, 80, 443, 25, 3306, 8080]), a, b))
PY
"$ROOT/rampart" --version > /dev/null   # build the jar and the class-data archive outside the timings

for fmt in json text; do
    : > "$TMP/$fmt.times"
done
for i in $(seq "$RUNS"); do
    for fmt in json text; do
        /usr/bin/time -f "%e %M" -o "$TMP/t" "$ROOT/rampart" trace --rules "$TMP/tum.rules" \
            --packets "$TMP/packets.txt" --format "$fmt" > /dev/null
        echo "run $i $fmt: $(awk '{print $1 " s, " int($2/1024) " MB"}' "$TMP/t")"
        cat "$TMP/t" >> "$TMP/$fmt.times"
    done
done
for fmt in json text; do
    sort -n "$TMP/$fmt.times" | awk -v f="$fmt" -v c="$COUNT" '{t[NR]=$1; m[NR]=$2}
        END {i=int((NR+1)/2); printf "%s: median %.2f s (%d packets/s), %d MB\n", f, t[i], c/t[i], m[i]/1024}'
done
