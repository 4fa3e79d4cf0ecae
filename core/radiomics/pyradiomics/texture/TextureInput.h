#pragma once

// The discretised ROI that PyRadiomics' texture classes (glcm, glrlm, glszm,
// gldm, ngtdm) work on, with their settings under PyRadiomics' own names.
//
// Axis convention: `size`, `spacing` and `levels` are in x, y, z order with x
// varying fastest. PyRadiomics indexes its arrays (z, y, x); its setting
// `force2Ddimension` (0 = z, 1 = y, 2 = x) and the offsets returned by
// `angles()` keep that numpy order so they read exactly as in PyRadiomics.

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// PyRadiomics' `weightingNorm`: None averages features over the angles; any
/// other value sums the angles' matrices weighted by exp(-d^2) (d the angle's
/// length in mm in that norm; 1 for NoWeighting) and computes features once.
enum class WeightingNorm { None, Manhattan, Euclidean, Infinity, NoWeighting };

/// `weightingNorm` from its PyRadiomics spelling: "manhattan", "euclidean",
/// "infinity", "no_weighting"; "" or "None" is WeightingNorm::None. PyRadiomics
/// treats an unknown norm as "no_weighting" (with a warning); so does this.
WeightingNorm weightingNormFromName(const std::string& name);

/// The texture settings of a PyRadiomics parameter file (its defaults).
struct TextureSettings {
    std::vector<int> distances{1}; // `distances`: neighbour distances (infinity norm)
    bool force2D = false;          // `force2D`
    int force2Ddimension = 0;      // `force2Ddimension`: numpy axis held still (0 = z)
    bool symmetricalGLCM = true;   // `symmetricalGLCM`
    WeightingNorm weightingNorm = WeightingNorm::None; // `weightingNorm`
    int gldm_a = 0;                                    // `gldm_a`: GLDM dependence cut-off alpha
};

/// A discretised ROI: grey level per voxel, 0 outside the mask, 1..Ng inside.
struct TextureInput {
    std::array<std::size_t, 3> size{}; // voxels along x, y, z
    std::array<double, 3> spacing{};   // mm along x, y, z
    std::vector<int> levels;           // x fastest; 0 = outside the mask
    int Ng = 0; // highest grey level in the ROI (PyRadiomics' coefficients['Ng'])
    TextureSettings settings;
};

/// Name/value pairs in PyRadiomics' feature names (e.g. "JointEnergy").
using FeatureValues = std::vector<std::pair<std::string, double>>;

/// A neighbour offset in numpy (z, y, x) order.
using Angle = std::array<int, 3>;

/// Throws rgw::Error unless the input is consistent: levels sized x*y*z, every
/// level in 0..Ng, at least one voxel in the ROI, Ng the highest level present,
/// distances >= 1, force2Ddimension in 0..2.
void validate(const TextureInput& input);

/// PyRadiomics' generateAngles: every offset whose infinity norm is one of
/// `distances`, shorter than the ROI's bounding box along each axis and, with
/// force2D, still along force2Ddimension. One of each opposite pair unless
/// `bidirectional` (GLCM and GLRLM use one direction; GLSZM, GLDM and NGTDM both).
std::vector<Angle> angles(const TextureInput& input, bool bidirectional);

/// The weight of one angle under `norm`: exp(-d^2), d its length in mm.
double angleWeight(const Angle& angle, const std::array<double, 3>& spacingXyz, WeightingNorm norm);

/// Grey levels present in the ROI, ascending (PyRadiomics' coefficients['grayLevels']).
std::vector<int> grayLevelsPresent(const TextureInput& input);

/// Number of voxels in the ROI (PyRadiomics' coefficients['Np']).
std::size_t voxelCount(const TextureInput& input);

/// Linear index step of an angle on the x-fastest grid.
std::ptrdiff_t linearStep(const TextureInput& input, const Angle& angle);

/// True if voxel (x, y, z) moved by `angle` stays on the grid.
bool insideAfterStep(const TextureInput& input, std::size_t x, std::size_t y, std::size_t z,
                     const Angle& angle);

/// For each level 1..Ng, its row among the present levels (-1 if absent).
std::vector<int> levelRows(const TextureInput& input, const std::vector<int>& present);

/// The texture classes, each returning every feature PyRadiomics computes for it.
FeatureValues glcmFeatures(const TextureInput& input);
FeatureValues glrlmFeatures(const TextureInput& input);
FeatureValues glszmFeatures(const TextureInput& input);
FeatureValues gldmFeatures(const TextureInput& input);
FeatureValues ngtdmFeatures(const TextureInput& input);

} // namespace rgw::radiomics::pyradiomics
