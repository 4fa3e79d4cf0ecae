#include "radiomics/pyradiomics/texture/TextureFromSettings.h"

#include "util/Error.h"

#include <cmath>

namespace rgw::radiomics::pyradiomics {

TextureInput textureInput(const Discretised& discretised, const Settings& settings) {
    TextureInput in;
    const auto& g = discretised.geometry;
    in.size = {static_cast<std::size_t>(g.size[0]), static_cast<std::size_t>(g.size[1]),
               static_cast<std::size_t>(g.size[2])};
    in.spacing = {g.spacing[0], g.spacing[1], g.spacing[2]};
    in.levels = discretised.levels;
    in.Ng = discretised.greyLevels;
    in.settings.distances = settings.distances;
    in.settings.force2D = settings.force2D;
    in.settings.force2Ddimension = settings.force2Ddimension;
    in.settings.symmetricalGLCM = settings.symmetricalGLCM;
    in.settings.weightingNorm = weightingNormFromName(settings.weightingNorm.value_or(""));
    // PyRadiomics hands gldm_a to its C extension as an int.
    in.settings.gldm_a = static_cast<int>(std::trunc(settings.gldm_a));
    return in;
}

namespace {

struct TextureClass {
    const char* name;
    FeatureValues (*compute)(const TextureInput&);
};

constexpr TextureClass kClasses[] = {
    {"glcm", glcmFeatures}, {"glrlm", glrlmFeatures}, {"glszm", glszmFeatures},
    {"gldm", gldmFeatures}, {"ngtdm", ngtdmFeatures},
};

} // namespace

bool isTextureClass(const std::string& className) {
    for (const auto& c : kClasses)
        if (className == c.name)
            return true;
    return false;
}

FeatureValues computeTextureClass(const std::string& className, const Discretised& discretised,
                                  const Settings& settings) {
    for (const auto& c : kClasses)
        if (className == c.name)
            return c.compute(textureInput(discretised, settings));
    throw Error("PyRadiomics feature class " + className + " is not a texture class");
}

} // namespace rgw::radiomics::pyradiomics
