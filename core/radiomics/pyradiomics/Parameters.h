#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}

namespace rgw::radiomics::pyradiomics {

/// PyRadiomics' re-segmentation modes (imageoperations.resegmentMask).
enum class ResegmentMode { Absolute, Relative, Sigma };

/// A number as PyYAML reads it from the file: its value and whether Python
/// holds it as an int ("3") or a float ("3.0"). PyRadiomics puts str() of the
/// LoG sigmas into feature names, so 3 and 3.0 name different features.
struct PythonNumber {
    double value = 0.0;
    bool integer = false;

    /// Python's str(): "3" for an int, repr of the float ("3.0", "0.5") otherwise.
    std::string str() const;
    bool operator==(const PythonNumber&) const = default;
};

/// The settings of a PyRadiomics parameter file's `setting:` section (and of a
/// baseline's diagnostics_Configuration_Settings), with PyRadiomics' defaults
/// (featureextractor / imageoperations, version 3).
struct Settings {
    // Mask checks (imageoperations.checkMask).
    int label = 1;
    int label_channel = 0; ///< channel of a multi-channel segmentation; no effect on a label map
    int minimumROIDimensions = 2;
    std::optional<int> minimumROISize;
    double geometryTolerance = 0.0; ///< 0: SimpleITK's default
    bool correctMask = false;
    // Normalisation (imageoperations.normalizeImage).
    bool normalize = false;
    double normalizeScale = 1.0;
    std::optional<double> removeOutliers;
    // Resampling (imageoperations.resampleImage) and cropping.
    std::optional<std::vector<double>> resampledPixelSpacing; ///< x, y, z; 0 keeps the original
    std::string interpolator = "sitkBSpline"; ///< empty: None, which disables resampling
    int padDistance = 5;
    bool preCrop = false;
    // Re-segmentation (imageoperations.resegmentMask).
    std::optional<std::vector<double>> resegmentRange; ///< [lower] or [lower, upper]
    ResegmentMode resegmentMode = ResegmentMode::Absolute;
    bool resegmentShape = false;
    // 2D extraction.
    bool force2D = false;
    int force2Ddimension = 0; ///< numpy axis of the (z, y, x) array: 0 = axial slices
    // Discretisation (imageoperations.binImage).
    double binWidth = 25.0;
    std::optional<int> binCount;
    // First order.
    double voxelArrayShift = 0.0;
    // Texture.
    std::vector<int> distances{1};
    bool symmetricalGLCM = true;
    std::optional<std::string> weightingNorm; ///< manhattan, euclidean, infinity, no_weighting
    double gldm_a = 0.0;
    bool additionalInfo = true;
    // Filtered image types (imageoperations.get<Type>Image), read from the
    // image type's own settings or the general ones.
    std::vector<PythonNumber> sigma;     ///< LoG: Gaussian σ in mm; none given = no LoG image
    std::string wavelet = "coif1";       ///< Wavelet: a PyWavelets discrete wavelet
    int level = 1;                       ///< Wavelet: decomposition levels yielded
    int start_level = 0;                 ///< Wavelet: levels decomposed before the first yielded
    bool gradientUseSpacing = true;      ///< Gradient: differences per mm, not per voxel
    double lbp2DRadius = 1.0;            ///< LBP2D: radius of the sampling circle (voxels)
    int lbp2DSamples = 8;                ///< LBP2D: points on the circle
    std::string lbp2DMethod = "uniform"; ///< LBP2D: skimage's method
    int lbp3DLevels = 2;                 ///< LBP3D: spherical-harmonic degrees
    double lbp3DIcosphereRadius = 1.0;   ///< LBP3D: sampling radius (voxels)
    int lbp3DIcosphereSubdivision = 1;   ///< LBP3D: icosphere subdivisions

    bool operator==(const Settings&) const = default;
};

/// The settings PyRadiomics' default dictionary lacks (the filters' and
/// label_channel) that differ from their defaults, as (key, Python literal)
/// pairs in Settings' order.
std::vector<std::pair<std::string, std::string>> optionalSettingsGiven(const Settings& settings);

/// One entry of the `imageType:` section: the settings its features use (the
/// general settings with the entry's own keys applied) and those own keys as
/// PyRadiomics prints them in diagnostics_Configuration_EnabledImageTypes
/// (a Python dict literal, "{}" or "{'binWidth': 5}").
struct ImageType {
    Settings settings;
    std::string customSettings = "{}";
};

/// A PyRadiomics parameter file: settings, the image types (those of
/// ImageTypes.h: Original, Square, SquareRoot, Logarithm, Exponential) and
/// the feature classes with their enabled features (empty list = all
/// features of the class).
struct Parameters {
    Settings settings;
    std::map<std::string, ImageType> imageTypes; ///< e.g. "Original"
    std::vector<std::string> imageTypeOrder;     ///< the file's order of its imageType entries
    std::map<std::string, std::vector<std::string>> featureClasses; ///< empty map = all classes
};

/// The enabled image types in the order PyRadiomics runs and prints them: the
/// file's (its dict keeps insertion order), then any entry of `imageTypes`
/// the file did not list (set by code) in computedImageTypes' order.
std::vector<std::string> enabledImageTypes(const Parameters& parameters);

/// Reads the `setting` mapping (keys as PyRadiomics spells them; `None` or
/// null leaves the default). Throws rgw::Error "<source>: setting <key>: …"
/// for unknown keys, wrong types or out-of-range values.
Settings readSettings(const YAML::Node& node, const Settings& defaults, const std::string& source);

/// Parses a PyRadiomics parameter document (YAML with `setting`,
/// `imageType`, `featureClass`; an optional `compatibility: pyradiomics`).
/// An unknown image type is an rgw::Error naming the type and its line in
/// `source`.
Parameters parseParameters(std::string_view yamlText, const std::string& source);

/// True when a parsed YAML root is a PyRadiomics document: it has
/// `compatibility: pyradiomics` or any of `setting`, `imageType`, `featureClass`.
bool isPyRadiomicsDocument(const YAML::Node& root);

/// Parses a Python dict literal as PyRadiomics prints its settings in
/// diagnostics_Configuration_Settings ("{'binWidth': 25, 'interpolator': None}").
Settings parseSettingsDict(const std::string& text, const std::string& source);

/// The settings as PyRadiomics prints diagnostics_Configuration_Settings: a
/// Python dict literal of every setting, in PyRadiomics' key names
/// ("{'label': 1, ..., 'resampledPixelSpacing': None, ...}"); reads back
/// through parseSettingsDict to the same Settings.
std::string settingsDict(const Settings& settings);

/// The image types as PyRadiomics prints diagnostics_Configuration_EnabledImageTypes
/// ("{'Original': {}, 'Square': {'binWidth': 5}}"), in enabledImageTypes'
/// order.
std::string enabledImageTypesDict(const Parameters& parameters);

/// Parses diagnostics_Configuration_EnabledImageTypes: each image type with
/// its own settings applied to `general` (the column's settings).
std::map<std::string, Settings>
parseImageTypesDict(const std::string& text, const Settings& general, const std::string& source);

/// Canonical YAML of the parameters (every setting written, fixed order and
/// number format): the provenance text whose SHA-256 identifies the set.
std::string canonicalText(const Parameters& parameters);

} // namespace rgw::radiomics::pyradiomics
