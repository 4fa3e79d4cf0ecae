#pragma once

// Stability filter: keeps the features whose repeated (or perturbed)
// extraction agrees with the first, ICC >= threshold over the training rows
// that have a repeat. fitPipeline() runs it on each training split before the
// other selection steps, so the ICCs never see test rows.

#include "stats/Icc.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::modeling {

struct StabilitySpec {
    /// ICC(2,1) by default: absolute agreement, so a systematic shift between
    /// extractions (another reader's contour, a perturbed mask) counts as
    /// instability, and the extractions are a random sample of the ones a
    /// new patient could get (the two-way random, absolute-agreement,
    /// single-measurement form Koo & Li 2016, J Chiropr Med 15:155,
    /// recommend for inter-rater and test-retest reliability). ICC(3,1)
    /// would forgive a constant offset, ICC(1,1) does not separate rater
    /// effects from error.
    stats::IccKind kind = stats::IccKind::TwoWayAgreement;
    /// Kept when ICC >= threshold; 0.75 is the lower bound of "good"
    /// reliability (Koo & Li 2016). In [0, 1].
    double threshold = 0.75;
    /// Where the repeats came from, recorded in the model file when known:
    /// "segmentation versions" (the stored versions of the cohort's
    /// segmentations, storage/SegmentationVersionRepeats.h). Empty for a
    /// table the user gave. Not used by the filter itself.
    std::string repeatsSource = {};
};

struct StabilityResult {
    /// Per feature: the ICC of (first, repeat) over its complete pairs; NaN
    /// for an exempt feature and for one without variance between rows
    /// (undefined ICC, dropped).
    std::vector<double> icc;
    /// Per feature: the number of rows the ICC used (0 for exempt ones).
    std::vector<Eigen::Index> pairs;
    /// Indices of the features kept (ICC >= threshold, and the exempt ones),
    /// ascending.
    std::vector<Eigen::Index> kept;
};

/// The stability filter on x (rows × features, NaN = missing) and repeats
/// (the same rows and features measured again; a row without a repeat is
/// all NaN). A row has a repeat when any of its repeat values is present; the
/// ICC of feature j (stats::intraclassCorrelation of the two columns, the
/// first extraction as rater 1) uses the rows with a repeat where both values
/// of j are present. `exempt` features (indices) are not filtered and need no
/// repeat (ComBat's biological covariates, clinical variables).
/// Throws rgw::Error for sizes that differ, a threshold outside [0, 1], an
/// infinite value, fewer than 3 rows with a repeat, and a filtered feature
/// with fewer than 3 complete pairs (naming it).
StabilityResult stabilityFilter(const StabilitySpec& spec, const Eigen::MatrixXd& x,
                                const Eigen::MatrixXd& repeats,
                                const std::vector<std::string>& features,
                                const std::vector<Eigen::Index>& exempt = {});

} // namespace rgw::modeling
