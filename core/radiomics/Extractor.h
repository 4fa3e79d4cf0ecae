#pragma once

#include "image/Image.h"
#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/Settings.h"

#include <set>
#include <string>
#include <vector>

namespace rgw::radiomics {

/// Which feature families to compute, by their keys in Feature.h
/// ("morphology", "glcm", …). Empty = every family the engine has.
struct FamilySelection {
    std::set<std::string> families;

    static FamilySelection all() { return {}; }
    bool wants(const std::string& family) const {
        return families.empty() || families.count(family) > 0;
    }
};

/// The families this build of the engine computes, in extraction order.
std::vector<std::string> availableFamilies();

/// Whether `family` reads the discretised ROI (intensity histogram, texture).
bool readsGreyLevels(const std::string& family);

/// The families a `filters:` entry may compute on its response map, in
/// extraction order: the intensity statistics and the families that read grey
/// levels (morphology, local intensity and the IVH describe the image itself).
std::vector<std::string> responseMapFamilies();

/// Runs the IBSI pipeline (processing::prepareRoi), discretises once, and
/// computes every selected family. The table has one row per feature of
/// featureCatalogue(settings, families), whatever the ROI: values that cannot
/// be computed are NaN with FeatureValue::missingReason; each row has its unit. Throws rgw::Error
/// on invalid settings or input (the message names the setting or the problem).
FeatureTable extract(const Volume& image, const Mask& mask, const Settings& settings,
                     const FamilySelection& families = {});

/// The same from an ROI already prepared with `settings`.
FeatureTable extract(const PreparedRoi& roi, const Settings& settings,
                     const FamilySelection& families = {});

/// How to run an extraction (results never depend on it).
struct ExtractOptions {
    /// Families computed concurrently; 1 = on the calling thread, 0 = one
    /// per hardware thread. The table is identical to the single-threaded one.
    unsigned threads = 1;
};

/// extract(...) with options (e.g. threads).
FeatureTable extract(const Volume& image, const Mask& mask, const Settings& settings,
                     const FamilySelection& families, const ExtractOptions& options);
FeatureTable extract(const PreparedRoi& roi, const Settings& settings,
                     const FamilySelection& families, const ExtractOptions& options);

} // namespace rgw::radiomics
