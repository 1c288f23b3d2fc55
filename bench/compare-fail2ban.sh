#!/usr/bin/env bash
# Whole-process comparison on the same sshd log: fail2ban's own `fail2ban-regex FILE sshd.conf` (Debian
# package fail2ban; a benchmark tool only, not a test dependency) versus `./rampart logs --events
# --format json FILE` (every line parsed, one JSON event per failure) and `./rampart logs FILE` (the
# report: parsing plus the scan and brute-force detectors).
#
# Runs are alternated (fail2ban, rampart events, rampart report, fail2ban, ...) so all sides see the same
# machine state; the script prints each run, then the median wall time and lines/s of each side and the
# ratios.
#
# usage: bench/compare-fail2ban.sh [-n RUNS] [--lines N] [--file FILE]
#   -n RUNS      runs of each side (default 3)
#   --lines N    generate an auth.log of N lines with LogGenerator (default 500000)
#   --file FILE  use FILE instead of generating one
#
# Build first: mvn -o -q -pl rampart-cli,rampart-bench -am package -DskipTests
set -euo pipefail

RUNS=3
LINES=500000
FILE=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    --lines) LINES=$2; shift 2 ;;
    --file) FILE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
command -v fail2ban-regex >/dev/null || { echo "fail2ban-regex not found (apt-get install fail2ban)" >&2; exit 2; }
FILTER=/etc/fail2ban/filter.d/sshd.conf
if [ -z "$FILE" ]; then
  FILE=${TMPDIR:-/tmp}/rampart-bench/auth-$LINES.log
  mkdir -p "$(dirname "$FILE")"
  [ -f "$FILE" ] || java -cp rampart-bench/target/benchmarks.jar dev.rampart.bench.monitor.LogGenerator auth "$LINES" "$FILE"
fi
N=$(wc -l < "$FILE")
echo "file: $FILE ($N lines)"
echo "fail2ban: $(fail2ban-regex --version 2>&1 | head -1); rampart: $(./rampart --version 2>&1 | head -1)"

now() { date +%s%N; }
declare -a F2B EV REP
for i in $(seq 1 "$RUNS"); do
  t=$(now); fail2ban-regex "$FILE" "$FILTER" > /tmp/rampart-f2b.out 2>&1; F2B+=($(( ($(now) - t) / 1000000 )))
  t=$(now); ./rampart logs --events --format json "$FILE" > /dev/null; EV+=($(( ($(now) - t) / 1000000 )))
  t=$(now); ./rampart logs "$FILE" > /dev/null; REP+=($(( ($(now) - t) / 1000000 )))
  echo "run $i: fail2ban-regex ${F2B[-1]} ms, rampart logs --events ${EV[-1]} ms, rampart logs ${REP[-1]} ms"
done
grep -E "^Lines:" /tmp/rampart-f2b.out | sed 's/^/fail2ban-regex: /'
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mf=$(median "${F2B[@]}"); me=$(median "${EV[@]}"); mr=$(median "${REP[@]}")
awk -v n="$N" -v f="$mf" -v e="$me" -v r="$mr" 'BEGIN {
  printf "median wall: fail2ban-regex %d ms (%.0f lines/s), rampart logs --events %d ms (%.0f lines/s), rampart logs %d ms (%.0f lines/s)\n", f, n*1000/f, e, n*1000/e, r, n*1000/r;
  printf "ratio (fail2ban-regex time / rampart time): events %.1fx, report %.1fx\n", f/e, f/r }'
