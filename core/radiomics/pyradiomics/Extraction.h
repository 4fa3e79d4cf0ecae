#pragma once

#include "radiomics/Feature.h"
#include "radiomics/pyradiomics/Features.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The feature classes computed in PyRadiomics mode, in PyRadiomics' order.
std::vector<std::string> featureClassNames();

/// One feature class on a prepared ROI: shape / shape2D on the shape ROI,
/// first order and texture on the intensity ROI discretised by `settings`.
FeatureValues computeClass(const std::string& className, const Prepared& prepared,
                           const Settings& settings);

/// PyRadiomics' output: `diagnostics_*` rows, then the features by full name
/// ("original_firstorder_Energy").
struct Result {
    Diagnostics diagnostics; ///< names with the "diagnostics_" prefix
    std::vector<std::pair<std::string, double>> features;
};

/// Extracts the enabled classes (all implemented classes when the file names
/// none; shape2D only with force2D) of the image type Original.
Result extract(const Volume& image, PixelType pixelType, const LabelMap& labels,
               const Parameters& parameters, const std::string& parameterHash);

/// Reads the image (NRRD or NIfTI; an NRRD's integer pixel type is kept
/// for resampling) and the label map, and extracts. `label` overrides the
/// parameter file's label. Throws rgw::Error naming the file on bad input.
Result extractFiles(const std::filesystem::path& image, const std::filesystem::path& mask,
                    Parameters parameters, const std::string& parameterHash,
                    std::optional<int> label);

/// The features as a FeatureTable for the feature CSV: family = the
/// PyRadiomics class, feature = PyRadiomics' full name
/// ("original_glcm_JointEnergy"), no IBSI code, aggregation or unit.
FeatureTable featureTable(const Result& result);

} // namespace rgw::radiomics::pyradiomics
