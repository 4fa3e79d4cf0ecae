#pragma once

// Empirical ROC analysis of a continuous score against a 0/1 label, equal to
// R pROC 1.18.0 with roc(response, predictor, levels = c(0, 1),
// direction = "<"): a higher score means more likely positive (label 1).
// DeLong's variance of the AUC and the paired DeLong test use the placement
// values of Sun & Xu (2014), O(n log n).

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace rgw::stats {

/// One point of the curve: cases with score >= threshold are called positive.
struct RocPoint {
    double threshold, sensitivity, specificity;
};

/// The empirical ROC curve, points in ascending threshold order as pROC's
/// roc$thresholds: first -Inf (sensitivity 1, specificity 0), then the
/// midpoints between consecutive distinct scores, last +Inf (sensitivity 0,
/// specificity 1).
struct RocCurve {
    std::vector<RocPoint> points;
    double auc = 0;
    std::size_t positives = 0, negatives = 0;
};

/// Empirical ROC of `score` for label 1 vs 0 (higher score = more likely
/// positive; pROC direction "<", levels c(0,1)). AUC = Mann–Whitney
/// probability P(score₁ > score₀) + ½ P(score₁ = score₀). Thresholds are
/// pROC's: (u[k-1] + u[k]) / 2 between distinct scores u (halves added when
/// |value| > 1e100; a midpoint that rounds onto a score becomes the upper
/// score). Throws rgw::Error for different lengths, non-finite values, labels
/// other than 0/1, or a class absent.
RocCurve rocCurve(const Eigen::VectorXd& score, const Eigen::VectorXd& label01);

/// DeLong AUC with its variance and confidence interval.
struct AucInterval {
    double auc = 0, variance = 0, lower = 0, upper = 0, level = 0.95;
};

/// DeLong et al. (1988) variance via placement values (Sun & Xu 2014 fast
/// algorithm): var = S₁₀/m + S₀₁/n with S the sample variances (divisor − 1)
/// of the m case and n control placements; CI auc ± z·sqrt(var) clipped to
/// [0, 1], as pROC var(roc, method = "delong") and ci.auc(method = "delong").
/// Throws rgw::Error as rocCurve, for fewer than 2 cases or 2 controls, and
/// for a level outside (0, 1).
AucInterval delongInterval(const Eigen::VectorXd& score, const Eigen::VectorXd& label01,
                           double level = 0.95);

/// The paired DeLong comparison of two AUCs.
struct DelongTest {
    double auc1 = 0, auc2 = 0, z = 0, p = 0;
};

/// Paired DeLong test of two scores on the same cases, as pROC
/// roc.test(method = "delong", paired = TRUE): z = (auc1 - auc2) /
/// sqrt(var1 + var2 - 2 cov), two-sided normal p. As pROC, z = 0 (p = 1) when
/// both the difference and its standard error are 0 (two perfect scores), and
/// z = ±Inf (p = 0) when only the standard error is 0. Throws
/// rgw::Error as delongInterval and for scores of different lengths.
DelongTest delongTest(const Eigen::VectorXd& score1, const Eigen::VectorXd& score2,
                      const Eigen::VectorXd& label01);

/// Every point maximising Youden's J = sensitivity + specificity - 1, in
/// ascending threshold order, as pROC coords(roc, "best", best.method =
/// "youden") (exact floating-point ties, thresholds at pROC's midpoints).
std::vector<RocPoint> youdenPoints(const RocCurve& curve);

/// Youden's J threshold (max sensitivity + specificity - 1), as pROC
/// coords(best.method = "youden"); when several thresholds tie, the lowest
/// (pROC's first row). Thresholds are pROC's midpoints between scores.
/// Throws rgw::Error for a curve without points.
RocPoint youdenPoint(const RocCurve& curve);

} // namespace rgw::stats
