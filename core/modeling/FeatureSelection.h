#pragma once

// Feature-selection steps of the model pipeline. Each step sees only the
// training rows of the current resampling split (the pipeline calls it inside
// the loop), so that selection can never look at the rows it is judged on.

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::modeling {

enum class SelectionKind {
    NearZeroVariance, ///< caret's nearZeroVar: a dominant value and few distinct values
    Univariate,       ///< a univariate test per feature, Benjamini–Hochberg q and/or top k
    Correlation,      ///< |Pearson r| above a threshold: keep the more relevant of a pair
};

enum class UnivariateTest {
    Automatic,   ///< Mann–Whitney (binary), Kruskal–Wallis (classes), univariate Cox (survival)
    MannWhitney, ///< binary targets
    WelchT,      ///< binary targets
};

struct SelectionStep {
    SelectionKind kind = SelectionKind::Univariate;
    /// NearZeroVariance: the frequency-ratio cut (caret: 95/5) — a feature is
    /// dropped when its most common value is more than this many times as
    /// frequent as the second and under 10 % of its values are distinct, or
    /// when it is constant. Univariate: the largest BH q kept (0 = no FDR
    /// cut). Correlation: the largest |r| allowed between kept features.
    double threshold = 0.05;
    /// Univariate: keep at most this many features, smallest p first (0 = no cap).
    int maxFeatures = 0;
    UnivariateTest test = UnivariateTest::Automatic;
};

/// The nominal p-value of each feature's univariate association with the
/// outcome on the given rows (smaller = more relevant); NaN for a feature
/// that cannot be tested (constant).
std::vector<double> univariatePValues(const Eigen::MatrixXd& x, const Outcome& y,
                                      UnivariateTest test);

/// The columns of `x` (indices into it, ascending) that `step` keeps, given
/// the outcome of the same rows.
std::vector<Eigen::Index> selectFeatures(const SelectionStep& step, const Eigen::MatrixXd& x,
                                         const Outcome& y);

} // namespace rgw::modeling
