#!/usr/bin/env bash
# Small runs on one and on two threads (issue #16: never slower on two).
# Each command runs N times per setting, settings alternating, R rounds;
# prints the mean wall time per run and the ratio two/one for each round.
#
#   bench/small_runs.sh [BUILD] [N] [R]      defaults: build 30 3
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}; n=${2:-30}; rounds=${3:-3}
accord=$build/accord
cases=(
  "stability $root/tests/models/conflict/elmira.yaml"
  "stability $root/scenarios/plan28.yaml"
  "evolve $root/scenarios/plan28.yaml"
  "evaluate $root/scenarios/plan28.yaml"
  "tournament $root/tests/fixtures/genius/Laptop --agents boulware,conceder,linear,titfortat"
)
mean_ms() { # threads, command...
  local t=$1; shift
  local s e
  s=$(date +%s%N)
  for _ in $(seq "$n"); do OMP_NUM_THREADS=$t "$accord" "$@" >/dev/null; done
  e=$(date +%s%N)
  echo $(( (e - s) / n / 1000 ))
}
printf '%-60s %10s %10s %7s\n' "command" "1 thread" "2 threads" "ratio"
for c in "${cases[@]}"; do
  for r in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    one=$(mean_ms 1 $c); two=$(mean_ms 2 $c)
    printf '%-60s %8d us %8d us %7.2f\n' "$c" "$one" "$two" "$(echo "$two / $one" | bc -l)" | sed "s|$root/||g"
  done
done
