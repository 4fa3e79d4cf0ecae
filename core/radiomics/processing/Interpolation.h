#pragma once

#include "radiomics/Settings.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rgw::radiomics::processing {

/// Sample positions of a resampled grid along one image axis, in continuous
/// index units of the original axis: x_q = first + q·step, q = 0 … size−1.
struct AxisGrid {
    std::int64_t size = 0;
    double first = 0.0;
    double step = 1.0;
    double spacing = 1.0; ///< output voxel spacing (mm)

    double position(std::int64_t q) const { return first + static_cast<double>(q) * step; }
    bool isIdentity(std::int64_t originalSize) const {
        return size == originalSize && first == 0.0 && step == 1.0;
    }
};

/// IBSI "align grid centers" (3WE3): n_b = ⌈n_a·s_a/s_b⌉ voxels of spacing s_b
/// whose centre coincides with the original grid centre (IBSI 02, 026Q/QCY4).
/// Throws rgw::Error when n_b does not fit an int64.
AxisGrid alignGridCentres(std::int64_t originalSize, double originalSpacing,
                          double requestedSpacing);

/// The unchanged axis (no interpolation along it).
AxisGrid identityAxis(std::int64_t originalSize, double originalSpacing);

/// Interpolation taps for a range of output samples along one axis: output
/// sample q reads `taps` input indices starting at index[q·taps] with weights.
struct AxisTaps {
    int taps = 1;
    std::vector<std::int64_t> index; ///< input index per tap (original axis, may be shifted)
    std::vector<double> weight;
    std::int64_t outputSize() const { return static_cast<std::int64_t>(index.size()) / taps; }
};

/// Taps for output samples q ∈ [qBegin, qEnd) of `grid` on an input axis of
/// `inputSize` voxels. Linear and nearest clamp to the image (nearest-boundary
/// padding); cubic spline taps are unclamped (the coefficient block is padded).
/// Identity axes get one tap of weight 1.
AxisTaps makeTaps(const AxisGrid& grid, std::int64_t inputSize, std::int64_t qBegin,
                  std::int64_t qEnd, InterpolationMethod method);

/// Applies taps along `axis` of a block with extents `dims` (i fastest):
/// the output block has dims[axis] = taps.outputSize().
std::vector<double> resampleAxis(const std::vector<double>& block,
                                 std::array<std::int64_t, 3>& dims, int axis, const AxisTaps& taps);

/// In-place cubic B-spline prefilter (interpolation coefficients) along one
/// axis with mirror boundaries (Unser 1993; pole √3 − 2).
void cubicSplinePrefilter(std::vector<double>& block, const std::array<std::int64_t, 3>& dims,
                          int axis);

} // namespace rgw::radiomics::processing
