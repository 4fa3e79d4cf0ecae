#!/usr/bin/env bash
# One entry point for a fresh Debian 12 / Ubuntu 22.04+ machine.
#   packaging/quickstart.sh run    install dependencies, build, launch the workstation
#   packaging/quickstart.sh test   install dependencies, build, run the whole test suite
#                                  (one build, the headless core under ASan+UBSan)
# Environment: RGW_BUILD_DIR (default build), RGW_JOBS (default: all cores),
# RGW_TEST_DATA (default ../shared/data next to the repository),
# RGW_FUZZ_SECONDS (test mode: also run each libFuzzer target that long; default 0).
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

# Clang when present (install-deps.sh installs it), for both commands: the
# workstation a user launches is built by the compiler CI tests with, and
# Clang's sanitizer instrumentation costs ~1.7x the plain compile time where
# GCC's costs ~3.7x (a test file: 28 s vs 75 s here).
if command -v clang++ >/dev/null 2>&1; then
  export CC=${CC:-clang} CXX=${CXX:-clang++}
fi

configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRGW_WERROR=$werror "$@"
  cmake --build "$dir" -j "$jobs"
}

if [ "$mode" = run ]; then
  configure_and_build "$build" -DRGW_BUILD_TESTS=OFF
  exec "$build/app/rgw" "${@:2}"
fi

# Whole test suite, in one build: CI builds cold, so it carries no debug
# information (-g alone costs ~60 % of a test file's compile time), and the
# headless core (core, storage, their tests and the fuzz replays) is
# instrumented with AddressSanitizer + UndefinedBehaviorSanitizer while the GUI
# is not (RGW_SANITIZE_CORE): every test runs once, the core's under the
# sanitizers, instead of building the core a second time for them.
# The core and storage tests share one precompiled header, the CLI, GUI and
# report tests compile at -O0 (RGW_QUICK_TEST_BUILD: a test file in a half to
# a third of the time); the code under test keeps -O2. lld links
# (RGW_USE_LLD, on by default when the compiler accepts it).
configure_and_build "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
  "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" -DRGW_SANITIZE_CORE=ON -DRGW_QUICK_TEST_BUILD=ON
echo "quickstart: build done after ${SECONDS} s"
status=0
sanitizers="abort_on_error=1"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_OPTIONS=detect_leaks=1:$sanitizers \
  ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900 -L 'core|storage' || status=1
echo "quickstart: core and storage tests done after ${SECONDS} s"
# The GUI and CLI tests run the instrumented core inside Qt, VTK and Mesa,
# which keep allocations until exit: no leak check there.
ASAN_OPTIONS=detect_leaks=0:$sanitizers \
  ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900 -LE 'core|storage' || status=1
echo "quickstart: GUI, CLI and report tests done after ${SECONDS} s"

# Optionally each libFuzzer target for RGW_FUZZ_SECONDS (a Clang build of the
# core and the targets; the CI run replays their seeds and regressions above).
# Any crash, sanitizer report, run over 2 GB or 15 s fails the run. The long
# campaign is tests/fuzz/run_fuzz_campaign.sh (see its header).
if [ "${RGW_FUZZ_SECONDS:-0}" -gt 0 ]; then
  if command -v clang++ >/dev/null 2>&1; then
    fuzz=${build}-fuzz
    CC=clang CXX=clang++ cmake -S "$here" -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -gline-tables-only -DNDEBUG" -DRGW_WERROR=$werror \
      -DRGW_BUILD_FUZZERS=ON -DRGW_BUILD_TESTS=OFF -DRGW_BUILD_GUI=OFF -DRGW_BUILD_BENCHMARKS=OFF
    cmake --build "$fuzz" -j "$jobs" --target rgw_fuzzers
    "$here/tests/fuzz/run_fuzz_campaign.sh" "$fuzz" --seconds-per-target "$RGW_FUZZ_SECONDS" \
      --jobs 2 || status=1
    echo "quickstart: fuzzing done after ${SECONDS} s"
  else
    echo "quickstart: clang++ not found: fuzz targets not run" >&2
  fi
fi

exit $status
