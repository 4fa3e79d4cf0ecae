#!/usr/bin/env bash
# One entry point for a fresh Debian 12 / Ubuntu 22.04+ machine.
#   packaging/quickstart.sh run    install dependencies, build, launch the workstation
#   packaging/quickstart.sh test   install dependencies, build, run the whole test suite
#                                  (normal build, then core/storage tests under ASan+UBSan
#                                  and each fuzz target briefly, Clang when present)
# Environment: RGW_BUILD_DIR (default build), RGW_JOBS (default: all cores),
# RGW_TEST_DATA (default ../shared/data next to the repository),
# RGW_FUZZ_SECONDS (default 10: seconds per fuzz target in the test mode).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-}
case "$mode" in
  run|test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

jobs=${RGW_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=${RGW_BUILD_DIR:-$here/build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON

"$here/packaging/install-deps.sh"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# Paths relative to the checkout and no working directory in the hash: a fresh
# clone elsewhere (as CI makes) and every build folder share one cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$here}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRGW_WERROR=$werror "$@"
  cmake --build "$dir" -j "$jobs"
}

if [ "$mode" = run ]; then
  configure_and_build "$build" -DRGW_BUILD_TESTS=OFF
  exec "$build/app/rgw" "${@:2}"
fi

# Whole test suite. CI builds everything cold, so its builds carry no debug
# information (-g alone costs ~60 % of the compile time of a test file).
configure_and_build "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
  "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG"
echo "quickstart: build done after ${SECONDS} s"
status=0
ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900 || status=1
echo "quickstart: tests done after ${SECONDS} s"

# Core and storage tests again under AddressSanitizer + UndefinedBehaviorSanitizer,
# and each libFuzzer target briefly. With Clang one build serves both: its
# libraries carry libFuzzer's coverage instrumentation, which the test
# executables ignore. Without Clang the sanitizer tests are built with GCC and
# the fuzz targets are skipped. Only the targets these two steps run are built;
# line tables keep sanitizer reports readable.
san=${build}-sanitize
san_flags="-O2 -gline-tables-only -DNDEBUG"
fuzz=ON
if command -v clang++ >/dev/null 2>&1; then
  export CC=clang CXX=clang++
else
  echo "quickstart: clang++ not found: fuzz targets not built" >&2
  san_flags="-O2 -g1 -DNDEBUG"
  fuzz=OFF
fi
cmake -S "$here" -B "$san" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=$san_flags" \
  "-DCMAKE_C_FLAGS_RELEASE=$san_flags" -DRGW_WERROR=$werror -DRGW_SANITIZE=ON \
  -DRGW_BUILD_FUZZERS=$fuzz -DRGW_BUILD_GUI=OFF -DRGW_BUILD_BENCHMARKS=OFF
# Every core/storage test is an executable of the same name.
mapfile -t san_targets < <(ctest --test-dir "$san" -N -L 'core|storage' | sed -n 's/^ *Test *#[0-9]*: *//p')
[ "$fuzz" = ON ] && san_targets+=(rgw_fuzzers)
cmake --build "$san" -j "$jobs" --target "${san_targets[@]}"
echo "quickstart: sanitizer build done after ${SECONDS} s"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$san" -j "$jobs" --output-on-failure --timeout 900 -L 'core|storage' || status=1
echo "quickstart: sanitizer tests done after ${SECONDS} s"

# Each fuzz target, two at a time; any crash, sanitizer report, run over 2 GB
# or 15 s fails the run. The long campaign is tests/fuzz/run_fuzz_campaign.sh
# (see its header).
if [ "$fuzz" = ON ]; then
  "$here/tests/fuzz/run_fuzz_campaign.sh" "$san" --seconds-per-target "${RGW_FUZZ_SECONDS:-10}" \
    --jobs 2 || status=1
  echo "quickstart: fuzzing done after ${SECONDS} s"
fi

exit $status
