#include "radiomics/pyradiomics/Extraction.h"

#include "io/nifti/Nifti.h"
#include "io/nrrd/Nrrd.h"
#include "radiomics/pyradiomics/texture/TextureFromSettings.h"
#include "util/Error.h"

#include <algorithm>

namespace rgw::radiomics::pyradiomics {

std::vector<std::string> featureClassNames() {
    return {"firstorder", "shape", "shape2D", "glcm", "glrlm", "glszm", "gldm", "ngtdm"};
}

FeatureValues computeClass(const std::string& className, const Prepared& prepared,
                           const Settings& settings) {
    if (className == "shape")
        return shape(prepared.shape);
    if (className == "shape2D")
        return shape2D(prepared.shape, settings);
    if (className == "firstorder")
        return firstOrder(prepared.intensity, discretise(prepared.intensity, settings), settings);
    if (isTextureClass(className))
        return computeTextureClass(className, discretise(prepared.intensity, settings), settings);
    throw Error("unknown PyRadiomics feature class " + className);
}

Result extract(const Volume& image, PixelType pixelType, const LabelMap& labels,
               const Parameters& parameters, const std::string& parameterHash) {
    Result result;
    const auto original = parameters.imageTypes.find("Original");
    const Settings& s =
        original != parameters.imageTypes.end() ? original->second : parameters.settings;
    const Prepared prepared = prepare(image, pixelType, labels, s);
    result.diagnostics.emplace_back("diagnostics_Configuration_ParameterHash", parameterHash);
    result.diagnostics.emplace_back("diagnostics_Configuration_EnabledImageTypes",
                                    "{'Original': {}}");
    for (const auto& [name, value] : prepared.diagnostics)
        result.diagnostics.emplace_back("diagnostics_" + name, value);
    for (const auto& className : featureClassNames()) {
        const bool listed =
            parameters.featureClasses.empty() || parameters.featureClasses.count(className) != 0;
        if (!listed)
            continue;
        // shape2D needs force2D; the 3D shape class is not computed on a 2D ROI.
        if (className == "shape2D" && !s.force2D)
            continue;
        if (className == "shape" && parameters.featureClasses.empty() && s.force2D)
            continue;
        const FeatureValues values = computeClass(className, prepared, s);
        const auto wanted = parameters.featureClasses.find(className);
        for (const auto& [feature, value] : values) {
            if (wanted != parameters.featureClasses.end() && !wanted->second.empty() &&
                std::find(wanted->second.begin(), wanted->second.end(), feature) ==
                    wanted->second.end())
                continue;
            result.features.emplace_back("original_" + className + "_" + feature, value);
        }
    }
    return result;
}

Result extractFiles(const std::filesystem::path& image, const std::filesystem::path& mask,
                    Parameters parameters, const std::string& parameterHash,
                    std::optional<int> label) {
    if (label) {
        parameters.settings.label = *label;
        for (auto& [name, s] : parameters.imageTypes)
            s.label = *label;
    }
    PixelType pixelType;
    Volume volume;
    if (nrrd::isNrrdPath(image)) {
        volume = nrrd::readVolume(image);
        if (const auto range = nrrd::integerTypeRange(image))
            pixelType = {true, range->first, range->second};
    } else {
        volume = nifti::readVolume(image);
    }
    const LabelMap labels =
        nrrd::isNrrdPath(mask) ? nrrd::readLabelMap(mask) : nifti::readLabelMap(mask);
    Result result = extract(volume, pixelType, labels, parameters, parameterHash);
    result.diagnostics.insert(result.diagnostics.begin(),
                              {{"diagnostics_Image-original_Path", image.string()},
                               {"diagnostics_Mask-original_Path", mask.string()}});
    return result;
}

FeatureTable featureTable(const Result& result) {
    FeatureTable table;
    for (const auto& [name, value] : result.features) {
        // "original_<class>_<Feature>": the class is the middle part.
        const std::size_t first = name.find('_');
        const std::size_t second = name.find('_', first + 1);
        table.add(name.substr(first + 1, second - first - 1), name, "", "", value);
    }
    return table;
}

} // namespace rgw::radiomics::pyradiomics
