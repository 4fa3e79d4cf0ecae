#!/usr/bin/env bash
# rgw --db PATH --open SERIES_UID --screenshot FILE.png renders a series and
# saves the main window (the README screenshot is made so); an unknown series
# is a one-line error and a non-zero exit. Usage: test_rgw_screenshot.sh RGW RGW_CLI
set -euo pipefail
rgw=$1
cli=$2
data=${RGW_TEST_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}
patient="$data/ibsi_data_sets/ibsi_validation/dicom/STS_001"
if [ ! -d "$patient" ]; then
  echo "shared test data not found at $data (set RGW_TEST_DATA); skipping"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/cohort.rgwdb"
"$cli" --db "$db" import "$patient" >/dev/null
uid=$("$cli" --db "$db" list series --json | python3 -c '
import json, sys
print(next(s["series_uid"] for s in json.load(sys.stdin) if s["modality"] == "CT"))')

# Settings go to a private folder so the test never touches the user's.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
"$rgw" --db "$db" --open "$uid" --screenshot "$tmp/shot.png"
# A scripted run leaves the remembered database, layout and window alone: no settings written.
if [ -n "$(find "$XDG_CONFIG_HOME" -type f 2>/dev/null)" ]; then
  echo "the screenshot run wrote settings:"; find "$XDG_CONFIG_HOME" -type f; exit 1
fi
python3 - "$tmp/shot.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
width, height = struct.unpack(">II", data[16:24])
assert width >= 800 and height >= 500, f"window too small: {width}x{height}"
assert len(data) > 50_000, f"suspiciously small image ({len(data)} bytes): nothing rendered?"
print(f"screenshot {width}x{height}, {len(data)} bytes")
PY

set +e
err=$("$rgw" --db "$db" --open 1.2.3.4.5 --screenshot "$tmp/none.png" 2>&1 >/dev/null)
status=$?
set -e
[ $status -ne 0 ] || { echo "unknown series accepted"; exit 1; }
[ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] || { echo "expected one error line, got: $err"; exit 1; }
[ ! -e "$tmp/none.png" ] || { echo "a screenshot was written for an unknown series"; exit 1; }
echo "unknown series: exit $status, '$err'"
echo "1 passed, 0 failed"
