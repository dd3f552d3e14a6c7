#!/usr/bin/env bash
# Peak memory (and wall time) of `accord frontier` on bench_frontier's
# synthetic models, two builds alternating, R rounds (issue #16: "at least
# 2.5x less peak memory on the trade-off family").  Prints one line per
# model and round: peak RSS of each build, the ratio old/new, the times.
# Both run with the same explicit --max-points (the old default refused
# trade-off 3x30x8); the last lines run the new build with default options.
#
#   bench/frontier_memory.sh OLD_ACCORD NEW_ACCORD [MODELS_DIR] [R]
#
# MODELS_DIR (default /tmp/accord-frontier-models) is written by
# `bench_frontier --write DIR` from the NEW build's tree when it is missing.
set -euo pipefail
old=$1 new=$2 dir=${3:-/tmp/accord-frontier-models} rounds=${4:-2}
if [ ! -f "$dir/trade-off-3x30x8-3.yaml" ]; then
  mkdir -p "$dir"
  "$(dirname "$new")/bench/bench_frontier" --write "$dir" >/dev/null
fi
models=(trade-off-3x10x8-3 trade-off-3x20x8-3 trade-off-3x30x4-5 trade-off-3x30x8-3
        trade-off-4x17x4-6 independent-3x30x8-21 independent-4x17x4-14)
run() { # binary model -> "peak_kb seconds"
  /usr/bin/time -f "%M %e" "$1" frontier "$dir/$2.yaml" --max-points 4194304 2>&1 >/dev/null | tail -1
}
printf '%-24s %5s %12s %12s %7s %9s %9s\n' model round "old peak" "new peak" ratio "old s" "new s"
for m in "${models[@]}"; do
  for r in $(seq "$rounds"); do
    read -r ok os <<<"$(run "$old" "$m")"
    read -r nk ns <<<"$(run "$new" "$m")"
    printf '%-24s %5d %9.1f MB %9.1f MB %7.2f %9.2f %9.2f\n' "$m" "$r" "$(echo "$ok/1024" | bc -l)" \
      "$(echo "$nk/1024" | bc -l)" "$(echo "$ok/$nk" | bc -l)" "$os" "$ns"
  done
done
echo "default options (new build):"
for m in trade-off-3x30x8-3 trade-off-3x20x8-3; do
  /usr/bin/time -f "  $m: exit 0, %M KB peak, %e s" "$new" frontier "$dir/$m.yaml" >/dev/null
done
