#include "radiomics/Extractor.h"

#include "radiomics/families/glcm.h"
#include "radiomics/families/gldzm.h"
#include "radiomics/families/glrlm.h"
#include "radiomics/families/glszm.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/families/ivh.h"
#include "radiomics/families/local_intensity.h"
#include "radiomics/families/morphology.h"
#include "radiomics/families/ngldm.h"
#include "radiomics/families/ngtdm.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Pipeline.h"

#include <array>
#include <functional>
#include <optional>

namespace rgw::radiomics {

namespace {

/// What a family is computed from: the prepared ROI (intensities and both
/// masks), or the discretised intensity mask shared by the histogram and the
/// texture families (discretised once per extraction).
struct FamilyInputs {
    const PreparedRoi& roi;
    const Settings& settings;
    std::function<const DiscretisedRoi&()> levels;
};

struct Family {
    const char* key; ///< as in Feature.h and reference_values.csv
    FeatureTable (*compute)(const FamilyInputs&);
};

/// The one list of the engine's families, in extraction order.
constexpr std::array<Family, 11> kFamilies{{
    {"morphology", [](const FamilyInputs& in) { return computeMorphology(in.roi); }},
    {"local_intensity", [](const FamilyInputs& in) { return computeLocalIntensity(in.roi); }},
    {"intensity_statistics",
     [](const FamilyInputs& in) { return computeIntensityStatistics(in.roi); }},
    {"intensity_histogram",
     [](const FamilyInputs& in) { return computeIntensityHistogram(in.levels()); }},
    {"ivh", [](const FamilyInputs& in) { return computeIvh(in.roi, in.settings); }},
    {"glcm", [](const FamilyInputs& in) { return computeGlcm(in.levels(), in.settings.texture); }},
    {"glrlm",
     [](const FamilyInputs& in) { return computeGlrlm(in.levels(), in.settings.texture); }},
    {"glszm",
     [](const FamilyInputs& in) { return computeGlszm(in.levels(), in.settings.texture); }},
    {"gldzm",
     [](const FamilyInputs& in) { return computeGldzm(in.levels(), in.settings.texture); }},
    {"ngtdm",
     [](const FamilyInputs& in) { return computeNgtdm(in.levels(), in.settings.texture); }},
    {"ngldm",
     [](const FamilyInputs& in) { return computeNgldm(in.levels(), in.settings.texture); }},
}};

} // namespace

std::vector<std::string> availableFamilies() {
    std::vector<std::string> keys;
    for (const Family& family : kFamilies)
        keys.emplace_back(family.key);
    return keys;
}

FeatureTable extract(const Volume& image, const Mask& mask, const Settings& settings,
                     const FamilySelection& families) {
    return extract(processing::prepareRoi(image, mask, settings), settings, families);
}

FeatureTable extract(const PreparedRoi& roi, const Settings& settings,
                     const FamilySelection& families) {
    settings.validate();
    std::optional<DiscretisedRoi> discretised;
    const FamilyInputs inputs{roi, settings, [&]() -> const DiscretisedRoi& {
                                  if (!discretised)
                                      discretised = processing::discretise(roi, settings);
                                  return *discretised;
                              }};
    FeatureTable table;
    for (const Family& family : kFamilies)
        if (families.wants(family.key))
            table.append(family.compute(inputs));
    return table;
}

} // namespace rgw::radiomics
