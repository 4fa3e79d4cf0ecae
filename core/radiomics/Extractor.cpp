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
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

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

/// IBSI-2: an entry of Settings::filters as an ROI to extract from. The
/// response map of the processed image takes the place of its intensities;
/// both masks are the unfiltered image's (re-segmentation is not redone on the
/// response). Its settings are the extraction's with the entry's
/// discretisation and without the re-segmentation range, which bounds the
/// image's intensities, not the response's. Built once, by the first family
/// slot that needs it.
struct ResponseMap {
    std::once_flag built;
    PreparedRoi roi;
    Settings settings;
    std::optional<DiscretisedRoi> levels;

    void build(const PreparedRoi& image, const Settings& extraction, const FilterEntry& entry,
               bool discretise) {
        std::call_once(built, [&] {
            roi.image = filters::applyFilter(image.image, entry);
            roi.morphologicalMask = image.morphologicalMask;
            roi.intensityMask = image.intensityMask;
            roi.sliceWise = image.sliceWise;
            settings = extraction;
            settings.filters.clear();
            settings.resegmentationRange.reset();
            if (entry.discretisation)
                settings.discretisation = *entry.discretisation;
            if (discretise) {
                try {
                    levels = processing::discretise(roi, settings);
                } catch (const Error& e) {
                    throw Error("filter " + filters::describe(entry) + ": " + e.what());
                }
            }
        });
    }
};

/// One slot of the extraction: a family of the image (filter = none) or of
/// the response map of Settings::filters[*filter].
struct Slot {
    const Family* family;
    std::optional<std::size_t> filter;
};

const Family& familyOf(const std::string& key) {
    for (const Family& family : kFamilies)
        if (key == family.key)
            return family;
    throw Error("radiomics: unknown feature family '" + key + "'");
}

/// The table of `family` computed from `inputs`, or its note when it reads
/// grey levels and the intensity mask is empty.
FeatureTable computeFamily(const Family& family, const FamilyInputs& inputs,
                           bool noIntensityVoxels) {
    FeatureTable table;
    if (family.usesLevels && noIntensityVoxels)
        table.notes.push_back({family.key, "the intensity mask holds no voxels"});
    else
        table = family.compute(inputs);
    return table;
}

} // namespace

bool readsGreyLevels(const std::string& family) {
    return familyOf(family).usesLevels;
}

std::vector<std::string> responseMapFamilies() {
    std::vector<std::string> keys;
    for (const Family& family : kFamilies)
        if (family.usesLevels || std::string_view(family.key) == "intensity_statistics")
            keys.emplace_back(family.key);
    return keys;
}

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
    // The slots in extraction order: the image's families, then each filter's
    // (in the engine's order, whatever order its entry lists them in).
    std::vector<Slot> slots;
    for (const Family& family : kFamilies)
        if (families.wants(family.key))
            slots.push_back({&family, std::nullopt});
    std::vector<bool> filterLevels(settings.filters.size(), false);
    for (std::size_t f = 0; f < settings.filters.size(); ++f) {
        const auto& listed = settings.filters[f].families;
        for (const std::string& key : responseMapFamilies())
            if (families.wants(key) &&
                std::find(listed.begin(), listed.end(), key) != listed.end()) {
                slots.push_back({&familyOf(key), f});
                filterLevels[f] = filterLevels[f] || familyOf(key).usesLevels;
            }
    }
    const unsigned threads = resolveThreadCount(options.threads, slots.size());

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
        std::any_of(slots.begin(), slots.end(),
                    [](const Slot& s) { return !s.filter && s.family->usesLevels; }))
        (void)inputs.levels();
    // Each slot's result goes to its own table: the table keeps extraction
    // order whatever thread computed it. A filter's response map (and its
    // grey levels) is built once, by the first of its slots to run.
    std::vector<ResponseMap> responses(settings.filters.size());
    std::vector<FeatureTable> results(slots.size());
    parallelFor(slots.size(), threads, [&](std::size_t i) {
        const Slot& slot = slots[i];
        if (!slot.filter) {
            results[i] = computeFamily(*slot.family, inputs, noIntensityVoxels);
            return;
        }
        const FilterEntry& entry = settings.filters[*slot.filter];
        ResponseMap& response = responses[*slot.filter];
        response.build(roi, settings, entry, filterLevels[*slot.filter] && !noIntensityVoxels);
        const FamilyInputs filtered{response.roi, response.settings,
                                    [&]() -> const DiscretisedRoi& { return *response.levels; }};
        results[i] = computeFamily(*slot.family, filtered, noIntensityVoxels);
        const std::string family = filteredFamilyName(entry, slot.family->key);
        for (FeatureValue& v : results[i].values)
            v.family = family;
        for (FamilyNote& n : results[i].notes)
            n.family = family;
    });
    FeatureTable computed;
    for (FeatureTable& part : results)
        computed.append(part);
    // Every ROI gets the same rows: what a family could not compute is kept
    // as a missing value with its reason, and every value carries its unit.
    return completeTable(computed, settings, families.families, roi.image.unit);
}

} // namespace rgw::radiomics
