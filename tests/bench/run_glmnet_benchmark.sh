#!/usr/bin/env bash
# glmnet benchmark with its yardstick, on the same data and folds: bench_glmnet
# writes a synthetic 1000 x 2000 cohort and times our paths and 10-fold CV (1
# and 2 threads); R glmnet times glmnet() and cv.glmnet() on that file. Prints
# both and R / ours; exits 1 when our single-threaded CV is slower than
# cv.glmnet (the issue's target). Builds nothing.
# Usage: tests/bench/run_glmnet_benchmark.sh [BUILD_DIR] [REPS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
reps=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ours=$("$build/tests/bench/bench_glmnet" "$work" --reps "$reps")
echo "$ours"
theirs=$(Rscript "$here/glmnet_benchmark.R" "$work/glmnet_bench.csv" "$reps")
echo "$theirs"

seconds() { grep -F "$2" <<<"$1" | sed -E 's/.*: ([0-9.]+) s.*/\1/'; }
status=0
for what in "binomial path" "cox path" "binomial cv" "cox cv"; do
  r=$(seconds "$theirs" "R $what:")
  for threads in 1 2; do
    label="ours $what threads=$threads:"
    [[ $what == *path ]] && { [ $threads = 1 ] || continue; label="ours $what:"; }
    o=$(seconds "$ours" "$label")
    ratio=$(awk -v r="$r" -v o="$o" 'BEGIN { printf "%.2f", r / o }')
    echo "$what${label#ours $what} R ${r} s / ours ${o} s = ${ratio}x"
    if [[ $what == *cv && $threads == 1 ]] && awk -v x="$ratio" 'BEGIN { exit !(x < 1) }'; then
      status=1
    fi
  done
done
[ $status = 0 ] || echo "ours is slower than cv.glmnet single-threaded" >&2
exit $status
