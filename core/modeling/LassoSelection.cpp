#include "modeling/LassoSelection.h"

#include "modeling/Resampling.h"
#include "modeling/SelectionChecks.h"
#include "stats/Glmnet.h"
#include "util/Error.h"

#include <string>

namespace rgw::modeling {

stats::GlmnetCvResult cvGlmnetFor(const Eigen::MatrixXd& x, const Outcome& y,
                                  const std::vector<int>& foldId,
                                  const stats::GlmnetOptions& options) {
    stats::GlmnetFamily family = stats::GlmnetFamily::Binomial;
    Eigen::VectorXd first, second;
    switch (y.kind) {
    case ModelKind::Logistic:
        first = y.label;
        break;
    case ModelKind::Multinomial:
        family = stats::GlmnetFamily::Multinomial;
        break;
    case ModelKind::Cox:
        family = stats::GlmnetFamily::Cox;
        first = y.time;
        second = y.event;
        break;
    }
    return stats::cvGlmnet(family, x, first, second, y.classOf, static_cast<int>(y.classes.size()),
                           foldId, options);
}

std::vector<Eigen::Index> lassoSelection(const Eigen::MatrixXd& x, const Outcome& y, double alpha,
                                         LambdaRule rule, const std::vector<int>& foldId) {
    detail::checkSelectionInput("LASSO selection", x, y, 3);
    if (!(alpha > 0 && alpha <= 1))
        throw Error("LASSO selection: alpha must lie in (0, 1] (1 = lasso), not " +
                    std::to_string(alpha));
    if (foldId.size() != y.size())
        throw Error("LASSO selection: " + std::to_string(foldId.size()) + " fold ids for " +
                    std::to_string(y.size()) + " rows");
    stats::GlmnetOptions options;
    options.alpha = alpha;
    const stats::GlmnetCvResult cv = cvGlmnetFor(x, y, foldId, options);
    const auto at = static_cast<Eigen::Index>(rule == LambdaRule::Min ? cv.indexMin : cv.index1se);
    // Kept: β_j(λ) ≠ 0 (for a multiclass outcome, in any class).
    std::vector<Eigen::Index> kept;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        bool nonZero = false;
        if (y.kind == ModelKind::Multinomial) {
            for (const Eigen::MatrixXd& beta : cv.fit.classBeta)
                nonZero = nonZero || beta(j, at) != 0.0;
        } else {
            nonZero = cv.fit.beta(j, at) != 0.0;
        }
        if (nonZero)
            kept.push_back(j);
    }
    return kept;
}

std::vector<int> lassoFolds(const Outcome& y, int folds, std::uint64_t seed) {
    if (folds < 3)
        throw Error("LASSO selection needs at least 3 inner folds (cv.glmnet), not " +
                    std::to_string(folds));
    std::vector<int> foldId = stratifiedFolds(y.strata(), folds, streamSeed(seed, 1));
    for (int& f : foldId)
        ++f;
    return foldId;
}

} // namespace rgw::modeling
