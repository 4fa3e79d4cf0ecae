#!/usr/bin/env bash
# Viewer latency benchmark (slice change, fused slice change, brush stroke on
# a synthetic 512 x 512 x 300 CT with two ROIs) under Xvfb + Mesa llvmpipe,
# the software OpenGL the 16 ms budget is stated for.
# Usage: tests/bench/run_viewer_benchmark.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
bench=$build/tests/bench/bench_viewer_latency
if [ ! -x "$bench" ]; then
  echo "bench_viewer_latency not built in $build (needs -DRGW_BUILD_GUI=ON -DRGW_BUILD_BENCHMARKS=ON)" >&2
  exit 1
fi
export QT_QPA_PLATFORM=xcb
exec xvfb-run -a -s "-screen 0 1280x1024x24" "$bench"
