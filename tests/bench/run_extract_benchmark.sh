#!/usr/bin/env bash
# Extraction benchmark: the in-process stage timings (bench_extract: CT
# phantom and STS CT cases, config C, 1 thread and all cores, scaling series),
# then, when the CLI is built, `rgw-cli extract` of the CT phantom end to end
# (process start, DICOM + RTSTRUCT load, resampling, all families, CSV write),
# median wall time of 5 runs and the peak memory of one run.
# Usage: tests/bench/run_extract_benchmark.sh [BUILD_DIR] [bench_extract options]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
shift || true
data=${RGW_TEST_DATA:-$here/../../../shared/data}
phantom=$data/ibsi_data_sets/ibsi_1_ct_radiomics_phantom/dicom

"$build/tests/bench/bench_extract" "$@"

cli=$build/app/rgw-cli
if [ ! -x "$cli" ] || ! "$cli" extract --help >/dev/null 2>&1; then
  echo
  echo "rgw-cli extract not built in $build: CLI timing skipped"
  exit 0
fi
out=$(mktemp --suffix=.csv)
trap 'rm -f "$out"' EXIT
run() {
  "$cli" extract --image "$phantom/image" --mask "$phantom/mask/DCM_RS_00060.dcm" \
    --roi GTV-1 --params ibsi-config-C --out "$out" "$@" >/dev/null
}
for threads in 1 0; do
  args=()
  label="1 thread"
  if [ "$threads" = 0 ]; then
    args=(--threads "$(nproc 2>/dev/null || echo 2)")
    label="${args[1]} threads"
  fi
  run "${args[@]}" # warm the file cache
  times=()
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    run "${args[@]}"
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  awk -v us="$median" -v l="$label" -v n="$(($(wc -l <"$out") - 1))" \
    'BEGIN { printf "\nrgw-cli extract, CT phantom config C, %s: %.1f ms end to end (median of 5), %d feature rows\n", l, us / 1000, n }'
done
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$cli" extract --image "$phantom/image" --mask "$phantom/mask/DCM_RS_00060.dcm" \
    --roi GTV-1 --params ibsi-config-C --out "$out" 2>&1 >/dev/null |
    grep -E 'Maximum resident set size|Elapsed \(wall' | sed 's/^\s*/  /'
fi
