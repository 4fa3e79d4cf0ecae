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
/// ("original_firstorder_Energy", "square_glcm_Contrast").
struct Result {
    Diagnostics diagnostics; ///< names with the "diagnostics_" prefix
    std::vector<std::pair<std::string, double>> features;
    /// What PyRadiomics only logs as a warning (a LoG σ too large for the
    /// image and therefore skipped, LBP2D on a 3D extraction).
    std::vector<std::string> warnings;
};

/// PyRadiomics' featureextractor.execute: pre-processing by the general
/// settings, then the shape classes once (on the original image, named
/// "original_shape_*"; shape2D only with force2D), then every enabled image
/// type of ImageTypes.h (in that order) with every enabled non-shape class
/// (all implemented classes when the file names none) computed by the image
/// type's settings. A type's features are named by the images it yields
/// ("log-sigma-1-0-mm-3D_firstorder_Mean", "wavelet-LLH_glcm_Contrast"). The diagnostics come
/// first, in generalinfo's order: our Versions row (Versions_RadiogenomicsWorkstation: this program
/// and its version, not PyRadiomics'), Configuration_Settings, Configuration_EnabledImageTypes, our
/// Configuration_ParameterHash, then the Image-/Mask- rows of prepare().
Result extract(const Volume& image, const PixelType& imageType, const LabelMap& labels,
               const PixelType& maskType, const Parameters& parameters,
               const std::string& parameterHash);

/// Reads the image (NRRD or NIfTI, keeping how each file stores its voxels)
/// and the label map, and extracts. `label` overrides the parameter file's
/// label. Adds our Image-original_Path and Mask-original_Path rows before the
/// respective Hash rows. Throws rgw::Error naming the file on bad input.
Result extractFiles(const std::filesystem::path& image, const std::filesystem::path& mask,
                    Parameters parameters, const std::string& parameterHash,
                    std::optional<int> label);

/// The features as a FeatureTable for the feature CSV: family = the
/// PyRadiomics class, feature = PyRadiomics' full name
/// ("original_glcm_JointEnergy"), no IBSI code, aggregation or unit.
FeatureTable featureTable(const Result& result);

} // namespace rgw::radiomics::pyradiomics
