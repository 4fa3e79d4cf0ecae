#!/usr/bin/env python3
"""Yardstick for the import benchmark: a plain Python loop that only reads the
headers (no pixel data) of every file under a folder with pydicom, as a
researcher's script would. Prints one line: '<files> files in <s> s = <rate> files/s'."""
import os
import sys
import time

import pydicom


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: pydicom_headers.py FOLDER", file=sys.stderr)
        return 2
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(sys.argv[1]) for f in names)
    start = time.perf_counter()
    read = 0
    for path in files:
        try:
            pydicom.dcmread(path, stop_before_pixels=True)
            read += 1
        except Exception:  # non-DICOM files are skipped, as the import does
            pass
    seconds = time.perf_counter() - start
    print(f"{read} files in {seconds:.3f} s = {read / seconds:.0f} files/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
