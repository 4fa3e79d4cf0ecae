#pragma once

// What PyRadiomics' filtered image types (imageoperations getLoGImage,
// getWaveletImage, getGradientImage, getLBP2DImage, getLBP3DImage) see of
// the pre-processed image, and what each of them yields.

#include "util/Error.h"

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The voxel grid of the pre-processed image: size and spacing (mm) along i,
/// j, k (x, y, z of SimpleITK; numpy's axes 2, 1, 0). Voxels i fastest.
struct FilterGrid {
    std::array<int, 3> size{};
    std::array<double, 3> spacing{1.0, 1.0, 1.0};
    /// The axes SimpleITK holds the image with: 2 for a 2D file (whose k
    /// size is 1), where PyRadiomics' filters work on two axes.
    int dimension = 3;

    std::size_t voxelCount() const {
        return static_cast<std::size_t>(size[0]) * static_cast<std::size_t>(size[1]) *
               static_cast<std::size_t>(size[2]);
    }
};

/// Throws rgw::Error "<what> has N voxels, its grid X × Y × Z has M" unless
/// every size is ≥ 1 and `voxels` fills the grid (`what`: "PyRadiomics LoG:
/// the image"). One check for every filter's image and mask.
inline void requireOnGrid(const FilterGrid& grid, std::size_t voxels, const std::string& what) {
    const bool positive = grid.size[0] > 0 && grid.size[1] > 0 && grid.size[2] > 0;
    if (!positive || voxels != grid.voxelCount())
        throw Error(what + " has " + std::to_string(voxels) + " voxels, its grid " +
                    std::to_string(grid.size[0]) + " × " + std::to_string(grid.size[1]) + " × " +
                    std::to_string(grid.size[2]) + " has " +
                    std::to_string(positive ? grid.voxelCount() : 0));
}

/// Throws rgw::Error "<filter>: the spacing must be positive" unless every
/// spacing is positive and finite (the filters that work in mm).
inline void requirePositiveSpacing(const FilterGrid& grid, const std::string& filter) {
    for (double s : grid.spacing)
        if (!(s > 0) || !(s < 1e300))
            throw Error(filter + ": the spacing must be positive, got " + std::to_string(s));
}

/// One image a filter yields, with the prefix of its features' names
/// ("log-sigma-1-0-mm-3D", "wavelet-LLH", "wavelet2-HLL", "gradient", "lbp-2D").
struct DerivedImage {
    std::string name;
    std::vector<double> image; ///< on the filter's grid, i fastest
};

/// Receives each derived image as soon as a filter has made it, so the caller can
/// crop it to the ROI before the next one is made.
using DerivedImageSink = std::function<void(DerivedImage&&)>;

} // namespace rgw::radiomics::pyradiomics
