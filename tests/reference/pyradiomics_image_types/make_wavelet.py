#!/usr/bin/python3
"""Reference outputs for core/radiomics/pyradiomics/Wavelet: PyRadiomics'
Wavelet image type (imageoperations.getWaveletImage / _swt3) computed with
the real PyWavelets on small synthetic volumes and 2D images.

Run with Debian's interpreter, python3-pywt and python3-numpy (not a pyenv
python):

    cd tests/reference/pyradiomics_image_types && /usr/bin/python3 make_wavelet.py

PyRadiomics itself (and SimpleITK) is not needed: wavelet_axes() and
decompose() below follow getWaveletImage's and _swt3's steps on the numpy
array sitk.GetArrayFromImage would give (indexed [k][j][i] for a volume,
[j][i] for a 2D image, which SimpleITK holds with two axes) and call
pywt.swtn exactly as _swt3 does.

Writes wavelet.txt (volumes): per case one `case` line with the settings, the
input volume and every yielded image in yield order, voxels i fastest, every
number with 17 significant digits. wavelet_2d.txt: the same for 2D images
(`dimension 2`; `size nx ny 1`, the single slice of the one-slice grid the
C++ side filters), getWaveletImage's axes (1, 0), less force2Ddimension with
force2D, and a `refusal` line for force2Ddimension 2, which is not a numpy
axis of a 2D array (getWaveletImage's axes.remove raises ValueError). And
wavelet.session.txt with the versions used.
"""

import platform
import subprocess

import numpy as np
import pywt

SEED = 20240917

# (case, size (i, j, k), numpy dtype, wavelet, level, start_level, force2D, force2Ddimension)
ODD_EVEN = (7, 6, 2)  # odd x, even y, even z
EVEN_ODD = (4, 3, 3)  # even x, odd y, odd z
CASES = [
    ("coif1_int16", ODD_EVEN, "int16", "coif1", 1, 0, False, 0),
    ("coif1_float32", ODD_EVEN, "float32", "coif1", 1, 0, False, 0),
    ("haar_float64", EVEN_ODD, "float64", "haar", 1, 0, False, 0),
    ("db2_int16", EVEN_ODD, "int16", "db2", 1, 0, False, 0),
    ("sym3_float64", EVEN_ODD, "float64", "sym3", 1, 0, False, 0),
    ("bior1.3_float64", EVEN_ODD, "float64", "bior1.3", 1, 0, False, 0),
    ("rbio2.2_int16", EVEN_ODD, "int16", "rbio2.2", 1, 0, False, 0),
    ("dmey_float64", EVEN_ODD, "float64", "dmey", 1, 0, False, 0),
    ("dmey_float32", EVEN_ODD, "float32", "dmey", 1, 0, False, 0),
    ("coif1_level2_int16", EVEN_ODD, "int16", "coif1", 2, 0, False, 0),
    ("coif1_level2_float32", EVEN_ODD, "float32", "coif1", 2, 0, False, 0),
    ("coif1_start1_float64", EVEN_ODD, "float64", "coif1", 1, 1, False, 0),
    ("coif1_force2D0_float64", EVEN_ODD, "float64", "coif1", 1, 0, True, 0),
    ("db2_force2D2_int16", EVEN_ODD, "int16", "db2", 1, 0, True, 2),
]

# 2D images, numpy arrays [j][i]: (case, size (i, j), dtype, wavelet, level,
# start_level, force2D, force2Ddimension). force2Ddimension 0 removes numpy
# axis 0 (image y: only x is transformed), 1 removes numpy axis 1 (image x).
SEED_2D = 20250301
ODD_EVEN_2D = (7, 6)  # odd x, even y
ODD_EVEN_2D_SMALL = (5, 4)  # odd x, even y
EVEN_ODD_2D = (6, 5)  # even x, odd y
CASES_2D = [
    ("coif1_2d_int16", ODD_EVEN_2D, "int16", "coif1", 1, 0, False, 0),
    ("coif1_2d_float32", ODD_EVEN_2D_SMALL, "float32", "coif1", 1, 0, False, 0),
    ("db2_2d_float64", EVEN_ODD_2D, "float64", "db2", 1, 0, False, 0),
    ("coif1_2d_level2_int16", ODD_EVEN_2D, "int16", "coif1", 2, 0, False, 0),
    ("coif1_2d_level2_float32", ODD_EVEN_2D, "float32", "coif1", 2, 0, False, 0),
    ("db2_2d_level2_int16", ODD_EVEN_2D, "int16", "db2", 2, 0, False, 0),
    ("db2_2d_level2_float32", ODD_EVEN_2D_SMALL, "float32", "db2", 2, 0, False, 0),
    ("coif1_2d_start1_float64", EVEN_ODD_2D, "float64", "coif1", 1, 1, False, 0),
    ("coif1_2d_force2D0_int16", ODD_EVEN_2D, "int16", "coif1", 1, 0, True, 0),
    ("coif1_2d_force2D1_float32", ODD_EVEN_2D_SMALL, "float32", "coif1", 1, 0, True, 1),
    ("coif1_2d_force2D1_level2_int16", ODD_EVEN_2D, "int16", "coif1", 2, 0, True, 1),
    ("db2_2d_force2D0_level2_float32", ODD_EVEN_2D_SMALL, "float32", "db2", 2, 0, True, 0),
    ("db2_2d_force2D1_level2_float64", EVEN_ODD_2D, "float64", "db2", 2, 0, True, 1),
    ("db2_2d_force2D0_float32", EVEN_ODD_2D, "float32", "db2", 1, 0, True, 0),
]


def synthetic_volume(rng, size, dtype):
    """A numpy array [k][j][i] ([j][i] for a 2D size) of the given dtype with
    negative values."""
    shape = tuple(reversed(size))
    if dtype == "int16":
        return rng.randint(-500, 501, size=shape).astype(np.int16)
    return (rng.standard_normal(shape) * 120.0 - 15.0).astype(dtype)


def image_name(letters, level_number):
    prefix = "wavelet" if level_number == 1 else "wavelet%d" % level_number
    return prefix + "-" + letters


def wavelet_axes(ndim, force2d, force2d_dimension):
    """getWaveletImage's axes for an image of ndim axes (Nd = GetDimension());
    list.remove raises ValueError for a force2Ddimension that is not one."""
    axes = list(range(ndim - 1, -1, -1))
    if force2d:
        axes.remove(force2d_dimension)
    return axes


def decompose(volume, wavelet, level, start_level, force2d, force2d_dimension):
    """_swt3 + getWaveletImage: [(name, image)] in yield order."""
    axes = wavelet_axes(volume.ndim, force2d, force2d_dimension)
    approx_key = "a" * len(axes)
    shape = volume.shape
    # numpy 'wrap' padding by one voxel at the end of every odd axis.
    data = np.pad(volume, [(0, n % 2) for n in shape], mode="wrap")
    crop = tuple(slice(0, n) for n in shape)
    w = pywt.Wavelet(wavelet)

    for _ in range(start_level):
        data = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0][approx_key].copy()

    images = []
    for kept in range(1, level + 1):
        bands = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0]
        data = bands[approx_key].copy()
        for key, band in bands.items():
            if key != approx_key:
                letters = key.replace("a", "L").replace("d", "H")
                images.append((image_name(letters, kept), band[crop].copy()))
    images.append((image_name("L" * len(axes), level), data[crop].copy()))
    return images


def numbers(array):
    return " ".join("%.17g" % v for v in array.ravel())  # C order: i fastest


def main():
    write_volumes()
    write_2d_images()
    write_session()


def write_volumes():
    rng = np.random.RandomState(SEED)
    lines = [
        "# PyRadiomics Wavelet image type (getWaveletImage/_swt3 with pywt.swtn),",
        "# written by make_wavelet.py. Per case: settings, the input volume and the",
        "# yielded images in order; voxels i fastest; %.17g.",
    ]
    for case, size, dtype, wavelet, level, start, force2d, dim in CASES:
        volume = synthetic_volume(rng, size, dtype)
        images = decompose(volume, wavelet, level, start, force2d, dim)
        working = np.float32 if dtype == "float32" else np.float64
        assert all(image.dtype == working for _, image in images), case
        lines.append("case %s size %d %d %d scalar %s wavelet %s level %d start_level %d "
                     "force2D %d force2Ddimension %d" % ((case,) + size + (dtype, wavelet, level,
                                                          start, int(force2d), dim)))
        lines.append("input " + numbers(volume))
        for name, image in images:
            lines.append("image %s %s" % (name, numbers(image)))
        lines.append("end")
    with open("wavelet.txt", "w") as out:
        out.write("\n".join(lines) + "\n")


def write_2d_images():
    rng = np.random.RandomState(SEED_2D)
    lines = [
        "# PyRadiomics Wavelet image type (getWaveletImage/_swt3 with pywt.swtn) on 2D",
        "# images (numpy arrays [j][i], axes (1, 0)), written by make_wavelet.py. Per case:",
        "# settings, the input image and the yielded images in order; voxels i fastest;",
        "# %.17g. size nx ny 1: the single slice of the C++ side's one-slice grid.",
    ]
    for case, size, dtype, wavelet, level, start, force2d, dim in CASES_2D:
        image = synthetic_volume(rng, size, dtype)
        assert image.ndim == 2 and image.shape == (size[1], size[0]), case
        images = decompose(image, wavelet, level, start, force2d, dim)
        working = np.float32 if dtype == "float32" else np.float64
        assert all(band.dtype == working for _, band in images), case
        lines.append("case %s dimension 2 size %d %d 1 scalar %s wavelet %s level %d "
                     "start_level %d force2D %d force2Ddimension %d"
                     % ((case,) + size + (dtype, wavelet, level, start, int(force2d), dim)))
        lines.append("input " + numbers(image))
        for name, band in images:
            lines.append("image %s %s" % (name, numbers(band)))
        lines.append("end")
    # force2Ddimension 2 names no axis of a 2D array: getWaveletImage raises.
    try:
        wavelet_axes(2, True, 2)
        raise AssertionError("force2Ddimension 2 accepted on a 2D image")
    except ValueError as error:
        lines.append("refusal dimension 2 force2D 1 force2Ddimension 2 ValueError: %s" % error)
    with open("wavelet_2d.txt", "w") as out:
        out.write("\n".join(lines) + "\n")


def write_session():
    def package(name):
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", name],
                              capture_output=True, text=True).stdout.strip() or "unknown"

    with open("wavelet.session.txt", "w") as out:
        out.write("Python %s (%s)\n" % (platform.python_version(), "/usr/bin/python3"))
        out.write("numpy %s (Debian python3-numpy %s)\n" % (np.__version__,
                                                           package("python3-numpy")))
        out.write("PyWavelets %s (Debian python3-pywt %s)\n" % (pywt.__version__,
                                                               package("python3-pywt")))


if __name__ == "__main__":
    main()
