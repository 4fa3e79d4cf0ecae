#!/usr/bin/python3
"""Reference for core/radiomics/pyradiomics/LocalBinaryPattern3D: PyRadiomics'
LBP3D image type (imageoperations.getLBP3DImage, PyRadiomics 3.x) computed
with the real scipy.

Run with Debian's interpreter (python3-scipy 1.10.1, python3-numpy 1.24.2),
not a pyenv python:
    cd tests/reference/pyradiomics_image_types && /usr/bin/python3 make_lbp3d.py

Writes lbp3d_reference.txt and lbp3d.session.txt. The volumes and masks are
generated here with fixed seeds and written into the output too; every voxel
of every output image is printed with 17 significant digits ("nan" for NaN).

trimesh has no Debian package, so the icosphere that getLBP3DImage takes from
trimesh.creation.icosphere(subdivisions, radius) is rebuilt below in numpy the
way trimesh 4.x builds it (creation.icosahedron, remesh.subdivide,
grouping.unique_rows): the 12 vertices (+-1, +-t, 0) and their cyclic
permutations over sqrt(2 + t), t the golden ratio, with trimesh's 20 faces;
each subdivision appends one midpoint per unique edge, edges sorted by
(larger, smaller) vertex index, the midpoint being the mean of the two ends,
and splits every face into its corner faces and centre face; after every
subdivision, and once when there is none, each vertex v moves to
v + v/|v| (radius - |v|). Older trimesh releases skipped that last step for
0 subdivisions (vertices then on the unit sphere whatever the radius) and
ordered the midpoints by a hash of their coordinates; the order changes sums
only by rounding.

What getLBP3DImage does, and lbp3d() below repeats with the same library calls:
  - theta = arccos(z / radius), phi = arctan2(y, x) of every vertex, and the
    columns sph_harm(m, n, theta, phi) for n = 0 .. levels-1, m = -n .. n (so
    scipy's azimuth argument receives the polar angle and vice versa);
  - for every ROI voxel (numpy index k, j, i), the image sampled by
    map_coordinates(order=3, mode 'constant', cval 0) at (k, j, i) + (x, y, z)
    of every vertex: the icosphere's x runs along numpy axis 0. The samples
    keep the image's dtype (map_coordinates' default output);
  - the kurtosis image: scipy.stats.kurtosis of each voxel's samples (Fisher,
    biased, NaN for samples without spread), in the samples' dtype;
  - the pattern sample >= centre voxel as int, c = sum over vertices of
    pattern * Y (no conjugate), then per degree n the vertex function
    h = sum over m of c * Y, and the lbp-3D-m(n+1) image Re sqrt(sum h**2);
  - images 'lbp-3D-m1' .. 'lbp-3D-m<levels>' and 'lbp-3D-k', float64.
PyRadiomics fills only the ROI voxels of an uninitialised numpy.ndarray; this
script (like the C++) puts 0 in the other voxels. With lbp3DLevels = 1
PyRadiomics raises IndexError (its Y is then 1-D), so no case uses it.
"""
import platform
import sys
import warnings

import numpy as np
import scipy
from scipy.ndimage import map_coordinates
from scipy.special import sph_harm
from scipy.stats import kurtosis

OUT = "lbp3d_reference.txt"
SESSION = "lbp3d.session.txt"

GOLDEN = (1.0 + 5.0**0.5) / 2.0
ICOSAHEDRON_VERTICES = np.array(
    [[-1, GOLDEN, 0], [1, GOLDEN, 0], [-1, -GOLDEN, 0], [1, -GOLDEN, 0],
     [0, -1, GOLDEN], [0, 1, GOLDEN], [0, -1, -GOLDEN], [0, 1, -GOLDEN],
     [GOLDEN, 0, -1], [GOLDEN, 0, 1], [-GOLDEN, 0, -1], [-GOLDEN, 0, 1]]
) / np.sqrt(2.0 + GOLDEN)
ICOSAHEDRON_FACES = np.array(
    [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4],
     [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8],
     [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]])


def subdivide(vertices, faces):
    """One trimesh subdivision: a midpoint per unique edge, four faces per face."""
    edges = np.sort(faces[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    # unique_rows packs (small, large) into one integer, large in the high bits
    packed = edges[:, 1].astype(np.int64) * (1 << 32) + edges[:, 0]
    _, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
    midpoints = vertices[edges[first]].mean(axis=1)
    mid = inverse.reshape(-1, 3) + len(vertices)  # columns: edges 01, 12, 20
    split = np.column_stack([faces[:, 0], mid[:, 0], mid[:, 2],
                             mid[:, 0], faces[:, 1], mid[:, 1],
                             mid[:, 2], mid[:, 1], faces[:, 2],
                             mid[:, 0], mid[:, 1], mid[:, 2]]).reshape(-1, 3)
    return np.vstack((vertices, midpoints)), split


def onto_sphere(vertices, radius):
    """trimesh's step: v + v/|v| (radius - |v|)."""
    norm = np.sqrt(np.dot(vertices**2, [1, 1, 1]))
    return vertices + (vertices / norm.reshape(-1, 1)) * (radius - norm).reshape(-1, 1)


def icosphere(subdivisions, radius):
    """Vertices of trimesh.creation.icosphere(subdivisions, radius), trimesh 4.x."""
    radius = float(radius)
    vertices, faces = ICOSAHEDRON_VERTICES.copy(), ICOSAHEDRON_FACES.copy()
    for _ in range(subdivisions):
        vertices, faces = subdivide(vertices, faces)
        vertices = onto_sphere(vertices, radius)
    if subdivisions <= 0:
        vertices = onto_sphere(vertices, radius)
    return vertices


def harmonics(vertices, radius, levels):
    """Columns sph_harm(m, n, theta, phi) in getLBP3DImage's order, and each one's n."""
    theta = np.arccos(np.true_divide(vertices[:, 2], radius))
    phi = np.arctan2(vertices[:, 1], vertices[:, 0])
    columns, degree = [sph_harm(0, 0, theta, phi)], [0]
    for n in range(1, levels):
        for m in range(-n, n + 1):
            columns.append(sph_harm(m, n, theta, phi))
            degree.append(n)
    return np.column_stack(columns), np.array(degree)


def roi_samples(image, mask, vertices):
    """map_coordinates of the image at every ROI voxel + every vertex: (Np, Nv)."""
    roi = np.where(mask == 1)
    coords = np.array(roi).T[None, :, :] + vertices[:, None, :]  # (Nv, Np, 3)
    return roi, coords, map_coordinates(image, coords.T, order=3)


def lbp3d(image, mask, levels, radius, subdivisions):
    """getLBP3DImage's images as {name: float64 array}, 0 outside the ROI."""
    vertices = icosphere(subdivisions, radius)
    y, degree = harmonics(vertices, radius, levels)
    roi, _, samples = roi_samples(image, mask, vertices)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # precision loss / NaN kurtosis
        spherical_kurtosis = kurtosis(samples, axis=1)
    pattern = np.greater_equal(samples, image[roi][:, None]).astype(int)
    c = np.multiply(pattern[:, :, None], y[None, :, :]).sum(axis=1)  # (Np, columns)
    # per degree the vertex function h, as an (Np, Nv, 1) block: degree 0 is
    # the single product, the others sum over m; then (Np, Nv, levels)
    blocks = [np.multiply(c[:, None, degree == 0], y[None, :, degree == 0])]
    for n in range(1, levels):
        products = np.multiply(c[:, None, degree == n], y[None, :, degree == n])
        blocks.append(np.sum(products, axis=2, keepdims=True))
    norms = np.real(np.sqrt(np.sum(np.concatenate(blocks, axis=2) ** 2, axis=1)))
    images = {}
    for n in range(levels):
        out = np.zeros(image.shape)
        out[roi] = norms[:, n]
        images["lbp-3D-m%d" % (n + 1)] = out
    out = np.zeros(image.shape)
    out[roi] = np.real(spherical_kurtosis)
    images["lbp-3D-k"] = out
    return images


def decision_margin(image, mask, radius, subdivisions):
    """How far the steps of the computation are from flipping (sample >= centre,
    the dtype's rounding of the sample): the smallest such distance, relative,
    over samples inside the image. Margins near the rounding noise of the
    computation (~1e-15) would make the reference depend on that noise."""
    vertices = icosphere(subdivisions, radius)
    roi, coords, _ = roi_samples(image, mask, vertices)
    exact = map_coordinates(image, coords.T, order=3, output=np.float64)
    inside = np.all((coords.T >= 0) & (coords.T <= np.array(image.shape)[:, None, None] - 1),
                    axis=0)
    centre = image[roi].astype(np.float64)[:, None]
    if image.dtype.kind in "iu":  # rounding half away from zero to the integer
        margin = np.abs(np.abs(exact - np.trunc(exact)) - 0.5)
    elif image.dtype == np.float32:  # rounding to float32
        nearest = exact.astype(np.float32)
        up = np.nextafter(nearest, np.float32(np.inf)).astype(np.float64)
        down = np.nextafter(nearest, np.float32(-np.inf)).astype(np.float64)
        mids = np.stack([(nearest + up) / 2, (nearest + down) / 2])
        margin = np.min(np.abs(exact[None] - mids), axis=0) / np.maximum(np.abs(exact), 1)
    else:  # comparing with the centre
        margin = np.abs(exact - centre) / np.maximum(np.abs(centre), 1)
    return float(np.min(margin[inside])) if inside.any() else float("inf")


def volumes():
    """Name -> (array, {mask name: uint8 mask}); seeds fixed."""
    rng = np.random.default_rng(20240703)
    vols = {}

    def interior(shape, fraction):
        m = np.zeros(shape, np.uint8)
        m[1:-1, 1:-1, 1:-1] = rng.random(tuple(s - 2 for s in shape)) < fraction
        return m

    def touching(shape, fraction):
        m = (rng.random(shape) < fraction).astype(np.uint8)
        m[:, :, 0] = 1  # the whole x = 0 face, and corners of the others
        m[0, 0, :] = 1
        m[-1, -1, -1] = 1
        return m

    shape = (5, 6, 7)  # numpy (z, y, x)
    vols["f64"] = (rng.normal(100.0, 25.0, shape),
                   {"interior": interior(shape, 0.6), "border": touching(shape, 0.3)})
    i16 = rng.integers(-200, 400, shape).astype(np.int16)
    i16[0:3, 0:3, 3:7] = 50  # a plateau: samples that round to their centre
    vols["i16"] = (i16, {"border": touching(shape, 0.3), "interior": interior(shape, 0.6)})
    u8 = rng.integers(0, 256, shape).astype(np.uint8)
    vols["u8"] = (u8, {"border": touching(shape, 0.3)})
    f32 = rng.normal(-3.0, 2.0, shape).astype(np.float32)
    vols["f32"] = (f32, {"border": touching(shape, 0.3), "interior": interior(shape, 0.6)})
    flat = np.full((4, 5, 6), 50, np.int16)
    flat[0, 0, 0] = 300  # far from it the samples round to 50: ties, kurtosis NaN
    vols["flat"] = (flat, {"all": np.ones(flat.shape, np.uint8)})
    thin = (3, 8, 11)
    vols["aniso"] = (rng.normal(0.0, 1.0, thin) * 40.0, {"border": touching(thin, 0.35)})
    return vols


# name, volume, mask, lbp3DLevels, lbp3DIcosphereRadius, lbp3DIcosphereSubdivision
CASES = [
    ("default", "f64", "interior", 2, 1, 1),
    ("levels_3", "f64", "interior", 3, 1, 1),
    ("radius_1_5", "f64", "interior", 2, 1.5, 1),
    ("radius_2_5_outside", "f64", "interior", 2, 2.5, 1),
    ("subdivision_0", "f64", "interior", 2, 1, 0),
    ("subdivision_0_radius_2", "f64", "interior", 3, 2.0, 0),
    ("subdivision_2", "f64", "interior", 3, 1, 2),
    ("border_mask", "f64", "border", 2, 1, 1),
    ("int16_border", "i16", "border", 2, 1, 1),
    ("int16_levels_3_radius_1_5", "i16", "interior", 3, 1.5, 1),
    ("uint8_border", "u8", "border", 2, 1, 1),
    ("int16_flat", "flat", "all", 2, 1, 1),
    ("float32_border", "f32", "border", 2, 1, 1),
    ("float32_radius_1_5_subdivision_2", "f32", "interior", 3, 1.5, 2),
    ("anisotropic", "aniso", "border", 3, 1, 1),
]

ICOSPHERES = [(0, 1.0), (1, 1.0), (2, 1.0), (0, 2.0), (1, 1.5), (1, 2.5)]


def text(values):
    flat = np.asarray(values).ravel(order="C")  # numpy [z][y][x]: x fastest
    if flat.dtype.kind in "iu":
        return " ".join(str(int(v)) for v in flat)
    return " ".join("nan" if np.isnan(v) else "%.17g" % float(v) for v in flat)


def main():
    vols = volumes()
    lines = [
        "# PyRadiomics getLBP3DImage with scipy %s, numpy %s (see %s)."
        % (scipy.__version__, np.__version__, SESSION),
        "# icosphere <subdivisions> <radius> <count> / next <count> lines: x y z",
        "# volume <name> <dtype> <nz> <ny> <nx> / next line: voxels, x fastest, then y, z",
        "# mask <volume> <name> / next line: 0/1 per voxel, same order",
        "# case <name> <volume> <mask> <levels> <radius> <subdivisions> <images>"
        " / then per image: image <name> / next line: its voxels (0 outside the mask)",
    ]
    for subdivisions, radius in ICOSPHERES:
        v = icosphere(subdivisions, radius)
        lines.append("icosphere %d %.17g %d" % (subdivisions, radius, len(v)))
        lines.extend(text(row) for row in v)
    for name, (image, masks) in vols.items():
        lines.append("volume %s %s %d %d %d" % ((name, image.dtype.name) + image.shape))
        lines.append(text(image))
        for mask_name, mask in masks.items():
            lines.append("mask %s %s" % (name, mask_name))
            lines.append(text(mask))
    margins = []
    for name, vol, mask_name, levels, radius, subdivisions in CASES:
        image, masks = vols[vol]
        mask = masks[mask_name]
        images = lbp3d(image, mask, levels, radius, subdivisions)
        lines.append("case %s %s %s %d %.17g %d %d"
                     % (name, vol, mask_name, levels, radius, subdivisions, len(images)))
        for image_name, values in images.items():
            lines.append("image %s" % image_name)
            lines.append(text(values))
        margins.append((name, decision_margin(image, mask, radius, subdivisions)))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")

    smallest = min(m for _, m in margins)
    if smallest < 1e-12:
        sys.exit("a sample is within %g of a decision: choose other seeds" % smallest)
    simd = np.core._multiarray_umath.__cpu_features__
    with open(SESSION, "w") as f:
        f.write("Python %s (%s)\n" % (platform.python_version(), sys.executable))
        f.write("numpy %s\nscipy %s\n" % (np.__version__, scipy.__version__))
        f.write("trimesh: not used; icosphere rebuilt as trimesh 4.x builds it\n")
        f.write("machine %s, %s\n" % (platform.machine(), platform.platform()))
        f.write("numpy CPU features in use: %s\n"
                % " ".join(k for k, v in simd.items() if v))
        f.write("smallest decision margin per case (relative): %s\n"
                % ", ".join("%s %.3g" % m for m in margins))


if __name__ == "__main__":
    main()
