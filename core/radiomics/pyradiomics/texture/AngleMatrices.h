#pragma once

// Shared machinery of PyRadiomics' texture classes: walking the ROI and its
// neighbours, combining per-angle matrices (weightingNorm, empty angles) and
// averaging per-angle feature values.

#include "radiomics/pyradiomics/texture/TextureInput.h"

#include <cfloat>
#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics::detail {

/// PyRadiomics' eps in its logarithms and divisions: numpy.spacing(1).
inline constexpr double kEps = DBL_EPSILON;

/// Calls f(i, x, y, z) for every ROI voxel, i its linear index, x fastest.
template <class F> void forEachRoiVoxel(const TextureInput& input, F&& f) {
    std::size_t i = 0;
    for (std::size_t z = 0; z < input.size[2]; ++z)
        for (std::size_t y = 0; y < input.size[1]; ++y)
            for (std::size_t x = 0; x < input.size[0]; ++x, ++i)
                if (input.levels[i] > 0)
                    f(i, x, y, z);
}

/// Calls f(a, j) for each angle a whose neighbour j of voxel (x, y, z) is on the grid and
/// in the ROI.
template <class F>
void forEachRoiNeighbour(const TextureInput& input, const std::vector<Angle>& angles, std::size_t i,
                         std::size_t x, std::size_t y, std::size_t z, F&& f) {
    for (std::size_t a = 0; a < angles.size(); ++a) {
        if (!insideAfterStep(input, x, y, z, angles[a]))
            continue;
        const auto j =
            static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + linearStep(input, angles[a]));
        if (input.levels[j] > 0)
            f(a, j);
    }
}

/// PyRadiomics' handling of per-angle matrices: with a weightingNorm, one matrix, the
/// weighted sum over angles; otherwise the angles whose matrix is not empty (all of them
/// kept when a single angle remains).
std::vector<std::vector<double>> combineAngles(std::vector<std::vector<double>> perAngle,
                                               const std::vector<Angle>& angles,
                                               const TextureInput& input);

/// One feature's per-angle values averaged with numpy.nanmean (NaN angles ignored).
double nanMean(const std::vector<double>& values);

} // namespace rgw::radiomics::pyradiomics::detail
