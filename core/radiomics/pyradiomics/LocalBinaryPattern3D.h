#pragma once

// PyRadiomics' LBP3D image type (imageoperations.getLBP3DImage, PyRadiomics
// 3.x): a binary pattern of the image sampled on an icosphere around every ROI
// voxel, expanded in spherical harmonics, as computed with scipy 1.10
// (ndimage.map_coordinates, special.sph_harm, stats.kurtosis) and trimesh's
// icosphere.

#include "radiomics/pyradiomics/FilterGrid.h"

#include <array>
#include <complex>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The vertices of trimesh.creation.icosphere(subdivisions, radius), in
/// trimesh 4.x's order: the 12 vertices of trimesh's icosahedron, (±1, ±t, 0)
/// and their cyclic permutations over √(2 + t) with t = (1 + √5)/2; each
/// subdivision appends the midpoints (a + b)/2 of the unique edges sorted by
/// (larger, smaller) vertex index and splits every face in four; after every
/// subdivision, and once if there is none, each vertex v becomes
/// v + v/|v| (radius − |v|). 10·4^s + 2 vertices for s subdivisions. Throws
/// rgw::Error naming lbp3DIcosphereSubdivision / lbp3DIcosphereRadius for a
/// subdivision outside 0…6 or a radius that is not a positive finite number.
std::vector<std::array<double, 3>> lbp3DIcosphere(int subdivisions, double radius);

/// scipy.special.sph_harm(m, n, azimuth, polar) (scipy's argument order:
/// order m, degree n, theta = azimuth, phi = polar), for m ≥ 0
/// Y = √((2n+1)/(4π) · (n−m)!/(n+m)!) P_n^m(cos polar) e^{i m azimuth} with
/// P_n^m(x) = (−1)^m (1 − x²)^{m/2} d^m P_n/dx^m (Condon–Shortley phase), and
/// Y_n^{−m} = (−1)^m conj(Y_n^m). (1 − x²)^{m/2} ≥ 0, so a negative polar
/// angle acts as its absolute value. NaN for |m| > n or n < 0, as scipy.
std::complex<double> sphericalHarmonic(int m, int n, double azimuth, double polar);

/// PyRadiomics' LBP3D images of `image` (on `grid`, i fastest; its numpy dtype
/// `scalar`: "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
/// "uint64", "float32" or "float64", the values being ones that dtype holds)
/// for the ROI `mask` (1 = ROI voxel, same layout), with the settings
/// lbp3DLevels = `levels`, lbp3DIcosphereRadius = `icosphereRadius`,
/// lbp3DIcosphereSubdivision = `icosphereSubdivision`. For every ROI voxel
/// (numpy index k, j, i):
///  - the samples: scipy's cubic-spline map_coordinates (mode 'constant', 0
///    beyond the first or last voxel centre) at numpy position
///    (k + x, j + y, i + z) for every icosphere vertex (x, y, z) — the
///    icosphere's x runs along z, in voxel units whatever the spacing — stored
///    in `scalar` (integers rounded half away from zero and clamped);
///  - "lbp-3D-k": the Fisher kurtosis (biased) of the samples, computed in
///    float32 for float32 images (in float64 otherwise) with numpy's pairwise
///    sums: m4/m2² − 3, NaN where m2 ≤ (r·mean)², r = 1e-6 in float32, 1e-15
///    in float64;
///  - the pattern b_v = [sample ≥ centre voxel], c_nm = Σ_v b_v Y_nm(v) with
///    Y_nm(v) = sphericalHarmonic(m, n, θ_v, φ_v), θ_v = arccos(z/radius) and
///    φ_v = atan2(y, x) (the polar angle passed as scipy's azimuth, as
///    PyRadiomics does; no conjugate), n < levels;
///  - "lbp-3D-m<n+1>": Re √(Σ_v h_n(v)²) with h_n(v) = Σ_m c_nm Y_nm(v).
/// Returns "lbp-3D-m1" … "lbp-3D-m<levels>", then "lbp-3D-k", 0 outside the
/// ROI (PyRadiomics leaves those voxels uninitialised). Throws rgw::Error
/// naming the PyRadiomics setting for levels outside 2…86 (PyRadiomics fails
/// with IndexError for 1; scipy's sph_harm is NaN from degree 86), the
/// refusals of lbp3DIcosphere, an unknown dtype, a value the dtype cannot
/// hold, or an image or mask whose size is not the grid's voxel count.
std::vector<DerivedImage> lbp3DImages(const FilterGrid& grid, const std::vector<double>& image,
                                      const std::vector<std::uint8_t>& mask,
                                      const std::string& scalar, int levels, double icosphereRadius,
                                      int icosphereSubdivision);

} // namespace rgw::radiomics::pyradiomics
