#!/usr/bin/env bash
# One entry point for a fresh Debian 12 / Ubuntu 22.04+ machine.
#   packaging/quickstart.sh run    install dependencies, build, launch the workstation
#   packaging/quickstart.sh test   install dependencies, build, run the whole test suite
#                                  (normal build, then core/storage tests under ASan+UBSan,
#                                  then each fuzz target briefly when clang is present)
# Environment: RGW_BUILD_DIR (default build), RGW_JOBS (default: all cores),
# RGW_TEST_DATA (default ../shared/data next to the repository),
# RGW_FUZZ_SECONDS (default 20: seconds per fuzz target in the test mode).
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

# Whole test suite.
configure_and_build "$build"
status=0
ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900 || status=1

# Core and storage again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan=${build}-asan
configure_and_build "$asan" -DRGW_SANITIZE=ON -DRGW_BUILD_GUI=OFF -DRGW_BUILD_BENCHMARKS=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$asan" -j "$jobs" --output-on-failure --timeout 900 -L 'core|storage' || status=1

# Each libFuzzer target briefly (ASan + UBSan, Clang), two at a time; any
# crash, sanitizer report, run over 2 GB or 15 s fails the run. The long
# campaign is tests/fuzz/run_fuzz_campaign.sh (see its header).
if command -v clang++ >/dev/null 2>&1; then
  fuzz=${build}-fuzz
  CC=clang CXX=clang++ cmake -S "$here" -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRGW_WERROR=$werror -DRGW_BUILD_FUZZERS=ON -DRGW_BUILD_TESTS=OFF -DRGW_BUILD_GUI=OFF \
    -DRGW_BUILD_BENCHMARKS=OFF
  cmake --build "$fuzz" -j "$jobs" --target rgw_fuzzers
  "$here/tests/fuzz/run_fuzz_campaign.sh" "$fuzz" --seconds-per-target "${RGW_FUZZ_SECONDS:-20}" \
    --jobs 2 || status=1
else
  echo "quickstart: clang++ not found: fuzz targets not run" >&2
fi

exit $status
