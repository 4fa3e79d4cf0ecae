#pragma once

// The voxel features habitats are clustered on: the intensities of one or
// more co-registered series at the voxels of an ROI, on the ROI's grid, each
// series standardised over the ROI.

#include "image/Image.h"

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace rgw::segmentation {

/// One series to cluster on: its name (for messages and provenance, e.g. its
/// Series Instance UID or "PET") and its volume, on any grid in patient space.
struct HabitatSeries {
    std::string name;
    const Volume* volume = nullptr;
};

/// The values of `volume` at the centres of the voxels `voxels` (linear
/// indices) of `grid`: copied when the grids are the same (Geometry::sameGrid),
/// otherwise sampled in patient space with the viewers' trilinear reslicing
/// (image/Reslice.h, one display row per voxel row of `grid`), NaN where the
/// centre lies outside the volume. Rows run on up to `threads` threads.
std::vector<double> sampleAtVoxels(const Volume& volume, const Geometry& grid,
                                   const std::vector<std::size_t>& voxels, unsigned threads = 0);

struct HabitatFeatures {
    Eigen::MatrixXd standardised;     ///< clustered voxels × series, z-scores
    std::vector<std::size_t> voxels;  ///< linear index (ROI grid) of each row
    std::vector<double> mean;         ///< per series, over the clustered voxels (original units)
    std::vector<double> sd;           ///< per series, sample SD (n − 1), as R's scale()
    std::vector<bool> resampled;      ///< per series: its grid differed from the ROI's
    std::vector<std::size_t> missing; ///< per series: ROI voxels where it had no value (NaN)
    std::size_t roiVoxels = 0;        ///< voxels of the ROI
    std::size_t excludedVoxels = 0;   ///< ROI voxels without a value in some series
};

/// The features of the ROI's voxels: every series sampled on the ROI's grid
/// (sampleAtVoxels); a voxel where any series has no finite value is excluded
/// (counted, per series in `missing`); each series is then z-scored over the
/// remaining voxels ((v − mean) / sd, sd with n − 1). Checks the memory the
/// features need against the budget (util/ResourceBudget.h) before
/// allocating. Throws rgw::Error for an empty ROI, no series, a null
/// volume, fewer than two voxels left, or a series constant over the ROI
/// (named).
HabitatFeatures habitatFeatures(const Mask& roi, const std::vector<HabitatSeries>& series,
                                unsigned threads = 0);

} // namespace rgw::segmentation
