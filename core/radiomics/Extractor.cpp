#include "radiomics/Extractor.h"

#include "radiomics/FeatureCatalogue.h"
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
#include "util/ParallelFor.h"

#include <algorithm>
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
    bool usesLevels; ///< reads the discretised ROI
};

/// The one list of the engine's families, in extraction order.
constexpr std::array<Family, 11> kFamilies{{
    {"morphology", [](const FamilyInputs& in) { return computeMorphology(in.roi); }, false},
    {"local_intensity", [](const FamilyInputs& in) { return computeLocalIntensity(in.roi); },
     false},
    {"intensity_statistics",
     [](const FamilyInputs& in) { return computeIntensityStatistics(in.roi); }, false},
    {"intensity_histogram",
     [](const FamilyInputs& in) { return computeIntensityHistogram(in.levels()); }, true},
    {"ivh", [](const FamilyInputs& in) { return computeIvh(in.roi, in.settings); }, false},
    {"glcm", [](const FamilyInputs& in) { return computeGlcm(in.levels(), in.settings.texture); },
     true},
    {"glrlm", [](const FamilyInputs& in) { return computeGlrlm(in.levels(), in.settings.texture); },
     true},
    {"glszm", [](const FamilyInputs& in) { return computeGlszm(in.levels(), in.settings.texture); },
     true},
    {"gldzm", [](const FamilyInputs& in) { return computeGldzm(in.levels(), in.settings.texture); },
     true},
    {"ngtdm", [](const FamilyInputs& in) { return computeNgtdm(in.levels(), in.settings.texture); },
     true},
    {"ngldm", [](const FamilyInputs& in) { return computeNgldm(in.levels(), in.settings.texture); },
     true},
}};

/// IBSI-2: the intensity statistics of `spec`'s response map of the processed
/// image, inside the intensity mask of the unfiltered image (its re-segmentation
/// is not redone on the response).
FeatureTable filteredIntensityStatistics(const PreparedRoi& roi, const filters::FilterSpec& spec) {
    PreparedRoi filtered;
    filtered.image = filters::applyFilter(roi.image, spec);
    filtered.morphologicalMask = roi.morphologicalMask;
    filtered.intensityMask = roi.intensityMask;
    filtered.sliceWise = roi.sliceWise;
    FeatureTable table = computeIntensityStatistics(filtered);
    const std::string family = filteredFamilyName(spec, "intensity_statistics");
    for (FeatureValue& v : table.values)
        v.family = family;
    for (FamilyNote& n : table.notes)
        n.family = family;
    return table;
}

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
    return extract(roi, settings, families, ExtractOptions{});
}

FeatureTable extract(const Volume& image, const Mask& mask, const Settings& settings,
                     const FamilySelection& families, const ExtractOptions& options) {
    return extract(processing::prepareRoi(image, mask, settings), settings, families, options);
}

FeatureTable extract(const PreparedRoi& roi, const Settings& settings,
                     const FamilySelection& families, const ExtractOptions& options) {
    settings.validate();
    std::vector<const Family*> selected;
    for (const Family& family : kFamilies)
        if (families.wants(family.key))
            selected.push_back(&family);
    const unsigned threads = resolveThreadCount(options.threads, selected.size());

    std::optional<DiscretisedRoi> discretised;
    const FamilyInputs inputs{roi, settings, [&]() -> const DiscretisedRoi& {
                                  if (!discretised)
                                      discretised = processing::discretise(roi, settings);
                                  return *discretised;
                              }};
    // Discretise once before any worker starts, so workers only read it.
    // Nothing to discretise when re-segmentation left no voxel: the families
    // reading grey levels say so (their features become missing values).
    const bool noIntensityVoxels =
        std::none_of(roi.intensityMask.voxels.begin(), roi.intensityMask.voxels.end(),
                     [](std::uint8_t v) { return v != 0; });
    if (threads > 1 && !noIntensityVoxels &&
        std::any_of(selected.begin(), selected.end(),
                    [](const Family* f) { return f->usesLevels; }))
        (void)inputs.levels();
    // Each family's result goes to its slot, then each filter's: the table
    // keeps extraction order.
    const std::size_t filterCount =
        families.wants("intensity_statistics") ? settings.filters.size() : 0;
    std::vector<FeatureTable> results(selected.size() + filterCount);
    parallelFor(results.size(), resolveThreadCount(options.threads, results.size()),
                [&](std::size_t i) {
                    if (i >= selected.size())
                        results[i] =
                            filteredIntensityStatistics(roi, settings.filters[i - selected.size()]);
                    else if (selected[i]->usesLevels && noIntensityVoxels)
                        results[i].notes.push_back(
                            {selected[i]->key, "the intensity mask holds no voxels"});
                    else
                        results[i] = selected[i]->compute(inputs);
                });
    FeatureTable computed;
    for (FeatureTable& part : results)
        computed.append(part);
    // Every ROI gets the same rows: what a family could not compute is kept
    // as a missing value with its reason, and every value carries its unit.
    return completeTable(computed, settings, families.families, roi.image.unit);
}

} // namespace rgw::radiomics
