#pragma once

// Per-feature robustness: the features of every perturbed instance of every
// case (rows = cases, columns = instances, the "raters"), and their
// intraclass correlation (stats::intraclassCorrelation: Shrout & Fleiss
// 1979; Koo & Li 2016) across perturbations or across repeated
// segmentations of the same cases.

#include "image/Image.h"
#include "radiomics/Settings.h"
#include "radiomics/robustness/PerturbationPlan.h"
#include "stats/Icc.h"

#include <Eigen/Core>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::radiomics::robustness {

struct RobustnessCase {
    std::string id; ///< names the case in messages and tables
    Volume image;
    Mask mask;
};

/// A feature measured on cases × repeated extractions.
struct RepeatedFeatures {
    std::vector<std::string> cases;
    std::vector<std::string> features;   ///< featureColumnName() of each feature
    std::vector<Eigen::MatrixXd> values; ///< per feature: cases × repeats (NaN = missing)
    Eigen::Index repeats() const { return values.empty() ? 0 : values.front().cols(); }
};

/// The features (Settings of a parameter set) of spec.repeats perturbed
/// instances of every case. Cases and instances are worked on by `threads`
/// threads (0 = one per hardware thread), each value written to its own
/// slot: the result is the same for any thread count. Throws rgw::Error
/// naming the case for an input the perturbation or extraction refuses, and
/// for fewer than 2 cases.
RepeatedFeatures perturbationFeatures(const std::vector<RobustnessCase>& cases,
                                      const Settings& settings, const PerturbationSpec& spec,
                                      unsigned threads = 1);

/// The ICC of one feature, or why there is none.
struct FeatureIcc {
    std::string feature;
    stats::IccKind kind = stats::IccKind::OneWay;
    stats::IccResult result; ///< NaN icc and bounds when undefined
    Eigen::Index cases = 0;  ///< cases with every repeat present (the ICC's subjects)
    std::string note;        ///< why the ICC is undefined; empty otherwise
};

/// For each feature and kind (in that order): the ICC over the cases whose
/// repeats are all present. Undefined (NaN, with a note) for fewer than 2
/// such cases or no variance between them.
std::vector<FeatureIcc> featureIccs(const RepeatedFeatures& table,
                                    const std::vector<stats::IccKind>& kinds,
                                    double confidence = 0.95);

/// The long table "feature,case,repeat,value" (17 significant digits, NA
/// for a missing value; repeat 1-based).
void writeRepeatedFeaturesCsv(std::ostream& out, const RepeatedFeatures& table);

/// Where the ICCs came from, written with every row.
struct RobustnessProvenance {
    std::string parameterSetHash; ///< sha256 of the parameter set
    std::string perturbations;    ///< perturbationSetName(), or "segmentation versions"
    std::uint64_t seed = 0;
    int repeats = 0;
};

/// The CSV with header
/// "feature,icc_kind,icc,lower,upper,f,df1,df2,p,cases,repeats,perturbations,seed,
/// parameter_set_sha256,note" (17 significant digits, NA where undefined).
void writeFeatureIccCsv(std::ostream& out, const std::vector<FeatureIcc>& iccs,
                        const RobustnessProvenance& provenance);

} // namespace rgw::radiomics::robustness
