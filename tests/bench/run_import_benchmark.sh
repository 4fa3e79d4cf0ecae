#!/usr/bin/env bash
# Import benchmark with its yardstick, in the same run on the same files:
# pydicom reading headers only (a Python loop), then rgw's scan, full import
# and volume loading. Prints the ratio of rgw's full import to pydicom.
# Usage: tests/bench/run_import_benchmark.sh [BUILD_DIR] [FOLDER]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
data=${RGW_TEST_DATA:-$here/../../../shared/data}
folder=${2:-$data/ibsi_data_sets/ibsi_validation/dicom}

# The Python that has pydicom (Debian's python3-pydicom is for /usr/bin/python3).
python=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import pydicom' 2>/dev/null; then python=$candidate; break; fi
done
[ -n "$python" ] || { echo "pydicom not found (install python3-pydicom)" >&2; exit 1; }

"$python" "$here/pydicom_headers.py" "$folder" >/dev/null # warm the cache
py=$("$python" "$here/pydicom_headers.py" "$folder")
echo "pydicom headers: $py"
out=$("$build/tests/bench/bench_import" "$folder")
echo "$out"
pyrate=$(sed -E 's/.*= ([0-9]+) files\/s.*/\1/' <<<"$py")
rgwrate=$(grep 'full import' <<<"$out" | sed -E 's/.*= ([0-9]+) files\/s.*/\1/')
awk -v a="$rgwrate" -v b="$pyrate" 'BEGIN { printf "full import / pydicom header loop = %.1fx\n", a / b }'
