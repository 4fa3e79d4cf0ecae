#!/usr/bin/python3
"""Reference for core/radiomics/pyradiomics/LocalBinaryPattern2D: PyRadiomics'
LBP2D image type computed with the real scikit-image.

Run with Debian's interpreter (python3-skimage 0.19.3, python3-numpy), not a
pyenv python:  cd tests/reference/pyradiomics_image_types && /usr/bin/python3 make_lbp2d.py

Writes lbp2d_reference.txt and lbp2d.session.txt. The volumes are generated
here with fixed seeds and written into the output too; every voxel is printed
with 17 significant digits ("nan" for NaN).

What PyRadiomics' getLBP2DImage does on a 3D image, and this script repeats:
swap numpy axis 0 with force2Ddimension, run local_binary_pattern(slice, P,
R, method) on every slice, assign each result into the array itself (so it is
cast into the image's dtype), swap back.
"""
import platform
import sys
import warnings

import numpy as np
import skimage
from skimage.feature import local_binary_pattern

OUT = "lbp2d_reference.txt"
SESSION = "lbp2d.session.txt"
SHAPE = (4, 5, 7)  # numpy (z, y, x): slices 5x7, 4x7 and 5x4 across axes 0, 1, 2


def lbp2d_like_pyradiomics(volume, samples, radius, method, axis):
    """getLBP2DImage's loop on a copy of `volume`, keeping its dtype."""
    arr = volume.copy().swapaxes(0, axis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN / overflow in the cast
        for s in range(arr.shape[0]):
            arr[s, ...] = local_binary_pattern(arr[s, ...], P=samples, R=radius, method=method)
    return arr.swapaxes(0, axis)


def text(values):
    flat = np.asarray(values).ravel(order="C")  # numpy [z][y][x]: x fastest
    if flat.dtype.kind in "iu":
        return " ".join(str(int(v)) for v in flat)
    return " ".join("nan" if np.isnan(v) else "%.17g" % float(v) for v in flat)


def volumes():
    """Name -> array; seeds fixed, flat blocks give ties and zero variance."""
    vols = {}
    rng = np.random.default_rng(20240611)
    vols["ties_int16"] = rng.integers(-2, 3, SHAPE).astype(np.int16)  # heavy ties, negatives
    vols["wide_int16"] = rng.integers(-1000, 1001, SHAPE).astype(np.int16)
    u8 = rng.integers(0, 256, SHAPE).astype(np.uint8)
    u8[1:3, 1:4, 2:5] = 77  # flat block: ties, variance 0 -> NaN -> 0
    vols["block_uint8"] = u8
    f32 = (rng.normal(0.0, 50.0, SHAPE)).astype(np.float32)
    f32[0:2, 0:3, 0:3] = np.float32(-12.3)
    vols["normal_float32"] = f32
    z, y, x = np.indices(SHAPE, dtype=np.float64)
    f64 = 100.0 * np.sin(0.7 * x + 0.3 * y) * np.cos(0.5 * z) + rng.normal(0.0, 5.0, SHAPE)
    f64[2:4, 2:5, 4:7] = 0.1  # a float that bilinear weights do not reproduce exactly
    vols["smooth_float64"] = f64
    vols["wide_uint16"] = rng.integers(0, 60001, SHAPE).astype(np.uint16)  # var wraps mod 2^16
    i32 = rng.integers(-5, 6, SHAPE).astype(np.int32)
    i32[:, 0:3, 0:4] = 4  # variance 0 -> NaN -> -2^31
    vols["flat_int32"] = i32
    vols["ties_int64"] = rng.integers(0, 3, SHAPE).astype(np.int64)  # P = 32: raw int32 codes
    vols["constant_zero_int16"] = np.zeros(SHAPE, dtype=np.int16)
    vols["constant_tenth_float64"] = np.full(SHAPE, 0.1)
    return vols


def cases():
    """(volume, method, P, R, force2Ddimension)."""
    methods = ["default", "ror", "uniform", "nri_uniform", "var"]
    circles = [(8, 1.0), (16, 2.5), (4, 1.5)]
    out = []
    for vol in ["ties_int16", "wide_int16"]:  # every method x circle x axis
        for m in methods:
            for P, R in circles:
                for axis in (0, 1, 2):
                    out.append((vol, m, P, R, axis))
    for vol in ["block_uint8", "normal_float32", "smooth_float64"]:  # every method x circle
        for m in methods:
            for n, (P, R) in enumerate(circles):
                out.append((vol, m, P, R, (n + methods.index(m)) % 3))
    out += [
        ("wide_uint16", "var", 8, 1.0, 0),
        ("wide_uint16", "var", 4, 1.5, 2),
        ("flat_int32", "var", 8, 1.0, 1),
        ("flat_int32", "nri_uniform", 8, 2.5, 0),
        ("ties_int64", "default", 32, 2.5, 0),
        ("ties_int64", "ror", 32, 2.5, 1),
        ("ties_int64", "ror", 12, 2.0, 2),
        ("ties_int64", "nri_uniform", 24, 3.0, 0),
        ("ties_int16", "Uniform", 8, 1.0, 0),  # skimage lower-cases the method
        ("ties_int16", "uniform", 1, 1.0, 0),
        ("ties_int16", "default", 2, 1.0, 2),
        ("smooth_float64", "var", 8, 1.1, 0),  # R used as a C float
        ("smooth_float64", "uniform", 6, 1.1, 1),
        ("smooth_float64", "var", 8, 1.000005, 1),  # as a float R rounds to 1.00001, not 1
        ("block_uint8", "default", 16, 1.0, 0),  # codes up to 65535 wrap mod 256
        ("constant_zero_int16", "default", 8, 1.0, 0),
        ("constant_zero_int16", "var", 8, 1.0, 1),
        ("constant_tenth_float64", "uniform", 16, 2.5, 0),
        ("constant_tenth_float64", "nri_uniform", 8, 1.5, 2),
        ("constant_tenth_float64", "var", 8, 1.0, 0),
    ]
    return out


def stored(arr, pos):
    got = arr[pos]
    if np.isnan(got):
        return "nan"
    return str(int(got)) if arr.dtype.kind in "iu" else "%.17g" % float(got)


def cast_table():
    """numpy's float64 -> dtype assignment of awkward values. Each value is put
    at every position of rows of 1..12 elements, strided and contiguous:
    numpy's SIMD body and its scalar tail convert some invalid values
    differently (uint32), and those are listed as varying."""
    probes = [np.nan, np.inf, -np.inf, -0.7, -1.0, 0.7, 255.9, 256.0, 300.7, 32767.5, 32768.0,
              65535.9, 65536.0, 70000.5, 2147483647.9, 2147483648.0, -2147483648.5,
              -2147483649.0, 3e9, 4294967295.5, 4294967296.0, 5e9, -3e9, 9.3e18, 1e19, -1e19,
              1e30, 3.4028235677973366e38, 1e300]
    rows = []
    for dt in ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
               "float32"]:
        for v in probes:
            results = set()
            for n in range(1, 13):
                for pos in range(n):
                    row = np.zeros(n)
                    row[pos] = v
                    strided = np.zeros((2, n), dtype=dt).swapaxes(0, 1)
                    contiguous = np.zeros(n, dtype=dt)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", RuntimeWarning)
                        strided[:, 1] = row
                        contiguous[:] = row
                    results.add(stored(strided[:, 1], pos))
                    results.add(stored(contiguous, pos))
            tag = "cast" if len(results) == 1 else "cast_varies"
            rows.append("%s %s %s %s" % (tag, dt, "nan" if np.isnan(v) else "%.17g" % v,
                                         " ".join(sorted(results))))
    return rows


def main():
    vols = volumes()
    lines = ["# PyRadiomics getLBP2DImage with skimage %s, numpy %s (see lbp2d.session.txt)."
             % (skimage.__version__, np.__version__),
             "# volume <name> <dtype> <nz> <ny> <nx> / next line: voxels, x fastest, then y, z",
             "# case <volume> <lbp2DMethod> <lbp2DSamples> <lbp2DRadius> <force2Ddimension>"
             " / next line: the lbp-2D image, same order, in the volume's dtype",
             "# cast <dtype> <float64> <stored> | cast_varies <dtype> <float64> <stored...>"]
    for name, vol in vols.items():
        lines.append("volume %s %s %d %d %d" % ((name, vol.dtype.name) + vol.shape))
        lines.append(text(vol))
    for vol, m, P, R, axis in cases():
        result = lbp2d_like_pyradiomics(vols[vol], P, R, m, axis)
        assert result.dtype == vols[vol].dtype
        lines.append("case %s %s %d %s %d" % (vol, m, P, repr(R), axis))
        lines.append(text(result))
    lines += cast_table()
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")

    simd = np.core._multiarray_umath.__cpu_features__
    with open(SESSION, "w") as f:
        f.write("Python %s (%s)\n" % (platform.python_version(), sys.executable))
        f.write("numpy %s\n" % np.__version__)
        f.write("scikit-image %s\n" % skimage.__version__)
        f.write("machine %s, %s\n" % (platform.machine(), platform.platform()))
        f.write("numpy CPU features in use: %s\n"
                % " ".join(k for k, on in simd.items() if on))


if __name__ == "__main__":
    main()
