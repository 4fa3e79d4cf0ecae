#pragma once

// Voxel-wise feature maps (IBSI-2 / PyRadiomics "voxel-based" extraction):
// each feature computed over a cubic kernel of radius r voxels (Chebyshev,
// (2r + 1)³ voxels, as PyRadiomics' kernelRadius) around every ROI voxel —
// or every voxel when no mask is given — with the kernel's neighbours
// restricted to the intensity mask: each map value is the whole-ROI family
// computed on that kernel's sub-ROI. Incremental where that is exact: along
// each row the kernel keeps running histograms (intensity statistics,
// intensity histogram), co-occurrence counts (GLCM), run counts (GLRLM,
// SlidingRuns.h) and per-voxel neighbourhood counts (NGTDM, NGLDM,
// SlidingNeighbourhood.h) and, moving one voxel, removes what leaves with the
// slab that leaves and adds what enters. Zones (GLSZM, GLDZM) are rebuilt per
// kernel in a small reusable grid (KernelTexture.h says why). The feature
// formulas are the whole-ROI families' own (intensityStatisticsValues,
// intensityHistogramValues, glcmFeatureValues, glrlmFeatureValues,
// glszmFeatureValues, gldzmFeatureValues, ngtdmFeatureValues,
// ngldmFeatureValues).

#include "image/Image.h"
#include "radiomics/Settings.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::radiomics::featuremaps {

/// A feature a map can show: an IBSI feature of a kernel-computable family
/// ("intensity_statistics", "intensity_histogram"; "glcm" and "glrlm" with
/// aggregation "3D, averaged" or "3D, merged"; "glszm", "gldzm", "ngtdm" and
/// "ngldm" with aggregation "3D"), as MapFamilies.h lists them.
struct MapFeature {
    std::string family;
    std::string name;        ///< IBSI name, e.g. "Joint entropy"
    std::string code;        ///< IBSI identifier, e.g. "TU9B"
    std::string aggregation; ///< "" or the texture aggregation label
    std::string columnName;  ///< featureColumnName(): "glcm.joint_entropy.3d_mrg"
};

/// Every feature a map can show, family by family in the families' order.
std::vector<MapFeature> mapFeatures();

/// The features named in `list`: comma-separated column names
/// ("glcm.joint_entropy.3d_mrg") or family keys ("intensity_statistics",
/// "glszm", …: all its features, every aggregation), in the order given, each once. Throws
/// rgw::Error naming an unknown name.
std::vector<MapFeature> selectMapFeatures(const std::string& list);

struct FeatureMapOptions {
    int radius = 1;       ///< kernel radius r in voxels (≥ 1): a (2r + 1)³ cube
    unsigned threads = 1; ///< 0 = one per hardware thread; results never depend on it
};

/// Maps on the image grid. values[f][v] is feature f at image voxel voxels[v]
/// (linear index, ascending); NaN where the feature is undefined for that
/// kernel (e.g. no co-occurring pair). Voxels outside the intensity mask have
/// no value.
struct FeatureMaps {
    Geometry geometry;
    int radius = 0;
    std::vector<MapFeature> features;
    std::vector<std::size_t> voxels;
    std::vector<std::vector<double>> values;

    /// Map f as a float volume on `geometry`: 0 outside the mask (undefined
    /// values stay NaN).
    Volume volume(std::size_t f) const;
};

/// Computes the maps of `features` over the intensity mask of `mask` (nullptr
/// = every voxel) after re-segmentation, discretised with `settings` over the
/// whole ROI (N_g of the ROI, as the whole-ROI families). Runs over tiles (one
/// plane of kernel centres each) in parallel; each tile holds only its
/// (2r + 1)-plane slab. Throws rgw::Error when the settings ask for
/// interpolation (maps stay on the image grid), the mask is on another grid
/// or empty, r < 1, or the memory budget is exceeded. `progress` (may be
/// empty) is called after each plane of kernel centres with (planes done,
/// planes), from the working threads, possibly at the same time; `cancel` is
/// polled between planes: once set no plane starts and rgw::Error("cancelled")
/// is thrown.
FeatureMaps computeFeatureMaps(const Volume& image, const Mask* mask, const Settings& settings,
                               const std::vector<MapFeature>& features,
                               const FeatureMapOptions& options, const ProgressFn& progress = {},
                               const CancelToken* cancel = nullptr);

/// Writes each map as `<dir>/<columnName>.nii.gz` (creating dir); returns the paths.
std::vector<std::filesystem::path> writeFeatureMaps(const FeatureMaps& maps,
                                                    const std::filesystem::path& dir);

} // namespace rgw::radiomics::featuremaps
