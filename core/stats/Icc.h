#pragma once

// Intraclass correlation of single measurements (Shrout & Fleiss 1979,
// Psychol Bull 86:420) from a subjects × raters matrix: ICC(1,1) one-way
// random, ICC(2,1) two-way random absolute agreement, ICC(3,1) two-way mixed
// consistency, with their F tests and confidence intervals. Equal to R
// psych::ICC(x, lmer = FALSE) rows ICC1, ICC2, ICC3 (psych 2.2.9). In
// radiomics the "raters" are repeated or perturbed extractions of a feature.

#include <Eigen/Core>
#include <string>
#include <string_view>

namespace rgw::stats {

enum class IccKind {
    OneWay,            ///< ICC(1,1): each subject rated by its own raters
    TwoWayAgreement,   ///< ICC(2,1): random raters, absolute agreement (shifts count)
    TwoWayConsistency, ///< ICC(3,1): fixed raters, consistency (shifts ignored)
};

/// "ICC(1,1)", "ICC(2,1)" or "ICC(3,1)" (Shrout & Fleiss's notation).
std::string_view iccKindName(IccKind kind);

/// The kind named by iccKindName() or by psych's type "ICC1", "ICC2", "ICC3"
/// (case-insensitive). Throws rgw::Error listing the names for anything else.
IccKind parseIccKind(std::string_view name);

struct IccResult {
    IccKind kind = IccKind::TwoWayAgreement;
    double icc = 0;
    double f = 0;     ///< F statistic of H0: ICC = 0 (MSB / MSW, or MSB / MSE)
    double df1 = 0;   ///< numerator degrees of freedom, n - 1
    double df2 = 0;   ///< denominator: n (k - 1) for ICC(1,1), else (n - 1)(k - 1)
    double p = 0;     ///< upper tail of F(df1, df2) at f
    double lower = 0; ///< confidence bounds (Shrout & Fleiss 1979, Table 4;
    double upper = 0; ///< ICC(2,1) with Satterthwaite's approximate df, as psych)
};

/// The single-measure ICC of `ratings` (rows = subjects, columns = raters or
/// repeated extractions; at least 2 × 2, every value finite) from the
/// two-way ANOVA mean squares MSB (subjects), MSJ (raters), MSE (residual)
/// and MSW = (SSJ + SSE) / (n (k - 1)) (within subjects):
///   ICC(1,1) = (MSB - MSW) / (MSB + (k - 1) MSW)
///   ICC(2,1) = (MSB - MSE) / (MSB + (k - 1) MSE + k (MSJ - MSE) / n)
///   ICC(3,1) = (MSB - MSE) / (MSB + (k - 1) MSE).
/// `confidence` is the level of the two-sided interval (0.95 = psych's
/// alpha = 0.05). When the error mean square is 0 (raters agree exactly up
/// to what the ICC ignores) F is infinite, p = 0 and the interval collapses
/// onto the ICC (psych gives NaN bounds there). Throws rgw::Error for fewer
/// than 2 subjects or raters, a non-finite value, a confidence outside (0, 1)
/// and ratings without any variance between subjects (the ICC is 0 / 0).
IccResult intraclassCorrelation(const Eigen::MatrixXd& ratings, IccKind kind,
                                double confidence = 0.95);

} // namespace rgw::stats
