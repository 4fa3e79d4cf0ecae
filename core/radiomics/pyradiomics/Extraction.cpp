#include "radiomics/pyradiomics/Extraction.h"

#include "io/nifti/Nifti.h"
#include "io/nrrd/Nrrd.h"
#include "radiomics/pyradiomics/ImageTypes.h"
#include "radiomics/pyradiomics/texture/TextureFromSettings.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::pyradiomics {

std::vector<std::string> featureClassNames() {
    return {"firstorder", "shape", "shape2D", "glcm", "glrlm", "glszm", "gldm", "ngtdm"};
}

namespace {

bool isShapeClass(const std::string& className) {
    return className == "shape" || className == "shape2D";
}

/// A non-shape class on an intensity ROI.
FeatureValues intensityClass(const std::string& className, const Roi& roi,
                             const Settings& settings) {
    if (className == "firstorder")
        return firstOrder(roi, discretise(roi, settings), settings);
    if (isTextureClass(className))
        return computeTextureClass(className, discretise(roi, settings), settings);
    throw Error("unknown PyRadiomics feature class " + className);
}

/// Appends the class's values named "<prefix>_<class>_<feature>", keeping
/// only the features the file lists for the class (all when it lists none).
void addClass(Result& result, const Parameters& parameters, const std::string& prefix,
              const std::string& className, const FeatureValues& values) {
    const auto wanted = parameters.featureClasses.find(className);
    for (const auto& [feature, value] : values) {
        if (wanted != parameters.featureClasses.end() && !wanted->second.empty() &&
            std::find(wanted->second.begin(), wanted->second.end(), feature) ==
                wanted->second.end())
            continue;
        result.features.emplace_back(prefix + "_" + className + "_" + feature, value);
    }
}

/// Refuses a derived image with non-finite values in the ROI (LBP3D's
/// kurtosis is NaN where all of a voxel's samples are equal); PyRadiomics'
/// binning fails on them too.
void requireFiniteInRoi(const Roi& roi, const std::string& imageName) {
    std::size_t bad = 0;
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        bad += roi.mask.voxels[v] && !std::isfinite(roi.image[v]) ? 1 : 0;
    if (bad > 0)
        throw Error("PyRadiomics image " + imageName + ": " + std::to_string(bad) +
                    " voxels of the ROI are not finite (NaN or infinite), which no feature "
                    "class can bin");
}

PixelType storedTypeOf(const std::filesystem::path& file) {
    if (nrrd::isNrrdPath(file)) {
        const auto stored = nrrd::storedType(file);
        return PixelType::named(stored.scalar, stored.dimension, "NRRD file " + file.string());
    }
    const auto stored = nifti::storedType(file);
    return PixelType::named(stored.scalar, stored.dimension, "NIfTI file " + file.string());
}

} // namespace

FeatureValues computeClass(const std::string& className, const Prepared& prepared,
                           const Settings& settings) {
    if (className == "shape")
        return shape(prepared.shape);
    if (className == "shape2D")
        return shape2D(prepared.shape, settings);
    return intensityClass(className, prepared.intensity, settings);
}

Result extract(const Volume& image, const PixelType& imageType, const LabelMap& labels,
               const PixelType& maskType, const Parameters& parameters,
               const std::string& parameterHash) {
    Result result;
    const Settings& general = parameters.settings;
    const Prepared prepared = prepare(image, imageType, labels, maskType, general);
    result.diagnostics.emplace_back("diagnostics_Versions_RadiogenomicsWorkstation",
                                    std::string("rgw ") + RGW_VERSION);
    result.diagnostics.emplace_back("diagnostics_Configuration_Settings", settingsDict(general));
    result.diagnostics.emplace_back("diagnostics_Configuration_EnabledImageTypes",
                                    enabledImageTypesDict(parameters));
    result.diagnostics.emplace_back("diagnostics_Configuration_ParameterHash", parameterHash);
    for (const auto& [name, value] : prepared.diagnostics)
        result.diagnostics.emplace_back("diagnostics_" + name, value);
    auto listed = [&](const std::string& className) {
        return parameters.featureClasses.empty() || parameters.featureClasses.count(className) != 0;
    };
    // shape2D needs force2D; the 3D shape class is not computed on a 2D ROI.
    if (listed("shape") && !(parameters.featureClasses.empty() && general.force2D))
        addClass(result, parameters, "original", "shape", shape(prepared.shape));
    if (listed("shape2D") && general.force2D)
        addClass(result, parameters, "original", "shape2D", shape2D(prepared.shape, general));
    for (const auto& typeName : enabledImageTypes(parameters)) {
        const auto type = parameters.imageTypes.find(typeName);
        // PyRadiomics filters the whole pre-processed image, then crops each
        // result to the ROI; each image is cropped as soon as it is made so
        // that a type's images do not all stay at the full grid's size.
        forEachImageOfType(
            typeName, prepared.intensity, prepared.pixelType, type->second.settings,
            result.warnings, [&](DerivedImage&& d) {
                Roi derived;
                derived.geometry = prepared.intensity.geometry;
                derived.mask = prepared.intensity.mask;
                derived.image = std::move(d.image);
                derived = cropToMask(derived);
                requireFiniteInRoi(derived, d.name);
                for (const auto& className : featureClassNames())
                    if (!isShapeClass(className) && listed(className))
                        addClass(result, parameters, d.name, className,
                                 intensityClass(className, derived, type->second.settings));
            });
    }
    return result;
}

Result extractFiles(const std::filesystem::path& image, const std::filesystem::path& mask,
                    Parameters parameters, const std::string& parameterHash,
                    std::optional<int> label) {
    if (label) {
        parameters.settings.label = *label;
        for (auto& [name, type] : parameters.imageTypes)
            type.settings.label = *label;
    }
    const PixelType imageType = storedTypeOf(image);
    const PixelType maskType = storedTypeOf(mask);
    const Volume volume =
        nrrd::isNrrdPath(image) ? nrrd::readVolume(image) : nifti::readVolume(image);
    const LabelMap labels =
        nrrd::isNrrdPath(mask) ? nrrd::readLabelMap(mask) : nifti::readLabelMap(mask);
    Result result = extract(volume, imageType, labels, maskType, parameters, parameterHash);
    auto insertBefore = [&](const std::string& row, const std::string& name,
                            const std::string& value) {
        auto at = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                               [&](const auto& r) { return r.first == row; });
        result.diagnostics.insert(at, {name, value});
    };
    insertBefore("diagnostics_Image-original_Hash", "diagnostics_Image-original_Path",
                 image.string());
    insertBefore("diagnostics_Mask-original_Hash", "diagnostics_Mask-original_Path", mask.string());
    return result;
}

FeatureTable featureTable(const Result& result) {
    FeatureTable table;
    for (const auto& [name, value] : result.features) {
        // "<image type>_<class>_<Feature>": the class is the middle part.
        const std::size_t first = name.find('_');
        const std::size_t second = name.find('_', first + 1);
        table.add(name.substr(first + 1, second - first - 1), name, "", "", value);
    }
    return table;
}

} // namespace rgw::radiomics::pyradiomics
