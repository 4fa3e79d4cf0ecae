#!/usr/bin/env bash
# rgw --help and rgw --version print to stdout and exit 0 with no display at
# all (no X11, no Wayland, default platform plugin). Usage: test_rgw_help.sh RGW
set -euo pipefail
rgw=$1
run() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$rgw" "$@"; }

help=$(run --help)
for option in --db --open --layout --fuse --screenshot --max-memory --version; do
  grep -q -- "$option" <<<"$help" || { echo "--help does not mention $option"; exit 1; }
done
version=$(run --version)
grep -Eq '[0-9]+\.[0-9]+' <<<"$version" || { echo "--version printed: '$version'"; exit 1; }
run -h >/dev/null
echo "help: $(wc -l <<<"$help") lines; version: $version"
echo "1 passed, 0 failed"
