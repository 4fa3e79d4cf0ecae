#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzzing build for a fixed time and prints,
# per target, the executions, seconds and crashes / timeouts / out-of-memory
# runs, then the total executions. Exit status 1 when any target found
# anything (its reproducer is left in BUILD_DIR/fuzz-findings/<target>/).
#
#   tests/fuzz/run_fuzz_campaign.sh BUILD_DIR [--seconds-per-target N] [--jobs J]
#                                   [--targets "nifti seg ..."]
#
# BUILD_DIR is a build configured with Clang and -DRGW_BUILD_FUZZERS=ON, e.g.
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DRGW_BUILD_FUZZERS=ON \
#       -DRGW_BUILD_TESTS=OFF -DRGW_BUILD_GUI=OFF -DRGW_BUILD_BENCHMARKS=OFF
#   cmake --build build-fuzz --target rgw_fuzzers
# Defaults: 20 s per target (CI), J = 2 targets at a time (one per core).
# The long campaign of issue #10 (>= 10 million executions across targets):
#   tests/fuzz/run_fuzz_campaign.sh build-fuzz --seconds-per-target 1800 --jobs 2
#
# Every target runs with -rss_limit_mb=2048 -timeout=15 (a run over 2 GB or
# 15 s is a finding) and -max_len 65536 (inputs stay small and fast; larger seeds
# are cut). Its corpus is BUILD_DIR/fuzz-corpus/<target> (kept between runs,
# so campaigns continue where they stopped), seeded from the generated seeds
# and the shared data ($RGW_TEST_DATA, default ../shared/data: written by
# rgw_fuzz_seeds) and the committed regression inputs. libFuzzer's logs are
# in BUILD_DIR/fuzz-logs/<target>.log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() {
  echo "usage: $0 BUILD_DIR [--seconds-per-target N] [--jobs J] [--targets \"a b\"]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
build=$(cd "$1" && pwd)
shift
seconds=${RGW_FUZZ_SECONDS:-20}
jobs=2
targets="" # default: every fuzz target the build made (tests/fuzz/CMakeLists.txt's list)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds-per-target) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    *) usage ;;
  esac
done

bin=$build/tests/fuzz
if [ -z "$targets" ]; then
  for exe in "$bin"/fuzz_*; do
    name=${exe##*/fuzz_}
    case "$name" in *_replay) continue ;; esac
    [ -x "$exe" ] && [ -f "$exe" ] && targets="$targets $name"
  done
  [ -n "$targets" ] || { echo "no fuzz targets in $bin (build target rgw_fuzzers)" >&2; exit 2; }
fi
seeds=$bin/seeds
corpus_root=$build/fuzz-corpus
findings_root=$build/fuzz-findings
logs=$build/fuzz-logs
mkdir -p "$corpus_root" "$findings_root" "$logs"
for t in $targets; do
  [ -x "$bin/fuzz_$t" ] || { echo "missing $bin/fuzz_$t (build target rgw_fuzzers)" >&2; exit 2; }
done

"$bin/rgw_fuzz_seeds" "$seeds" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_target() { # target
  local t=$1
  local corpus=$corpus_root/$t findings=$findings_root/$t
  mkdir -p "$corpus" "$findings"
  local extra=()
  [ -d "$here/regressions/$t" ] && extra+=("$here/regressions/$t")
  # -fork keeps fuzzing after a crash (each found input is saved), so one bad
  # spot does not hide the others; -ignore_crashes etc. make it count them.
  "$bin/fuzz_$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=15 -max_len=65536 \
    -artifact_prefix="$findings/" -print_final_stats=1 \
    "$corpus" "$seeds/$t" "${extra[@]}" >"$logs/$t.log" 2>&1 || true
}

summarise() { # target -> "execs seconds crashes timeouts ooms"
  local t=$1 log=$logs/$t.log
  local execs secs crashes timeouts ooms
  # -fork=1 prints per-job stats; the last "#N ... exec/s" line is the total.
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  secs=$(grep -oE 'time: [0-9]+s' "$log" | tail -1 | grep -oE '[0-9]+')
  crashes=$(find "$findings_root/$t" -name 'crash-*' | wc -l)
  timeouts=$(find "$findings_root/$t" -name 'timeout-*' | wc -l)
  ooms=$(find "$findings_root/$t" -name 'oom-*' | wc -l)
  echo "${execs:-0} ${secs:-$seconds} $crashes $timeouts $ooms"
}

echo "fuzzing $(echo "$targets" | wc -w) targets for ${seconds} s each, $jobs at a time"
running=0
for t in $targets; do
  rm -f "$findings_root/$t"/crash-* "$findings_root/$t"/timeout-* "$findings_root/$t"/oom-* \
    2>/dev/null || true
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

total=0
bad=0
printf '%-18s %12s %8s %9s %8s %6s %8s\n' target executions seconds exec/s crashes timeouts ooms
for t in $targets; do
  read -r execs secs crashes timeouts ooms < <(summarise "$t")
  rate=$((execs / (secs > 0 ? secs : 1)))
  printf '%-18s %12d %8d %9d %8d %6d %8d\n' "$t" "$execs" "$secs" "$rate" \
    "$crashes" "$timeouts" "$ooms"
  total=$((total + execs))
  if [ $((crashes + timeouts + ooms)) -gt 0 ]; then
    bad=1
    for f in "$findings_root/$t"/*; do
      echo "  finding: $f  (replay: $bin/fuzz_$t $f)"
    done
  fi
done
echo "total executions: $total"
if [ "$bad" -ne 0 ]; then
  echo "FAIL: findings above; libFuzzer logs in $logs" >&2
  exit 1
fi
