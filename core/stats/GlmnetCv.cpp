// cv.glmnet with given folds and type.measure "deviance" (glmnet 4.1.6): the
// full fit gives the lambdas; every fold is refitted without its rows (its own
// lambda sequence, in parallel, each fold into its own slot) and read at the
// full fit's lambdas by interpolation; the held-out deviance is averaged per
// fold and then over folds (grouped = TRUE).

#include "stats/GlmnetCommon.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace rgw::stats {

using namespace glmnet_detail;
using Eigen::Index;

namespace {

constexpr double kMinCvProbability = 1e-5; // cv.lognet / cv.multnet prob_min

struct Responses {
    GlmnetFamily family;
    const Eigen::VectorXd& y; // 0/1 or time
    const Eigen::VectorXd& event;
    const std::vector<int>& classOf;
    int classCount;
};

Eigen::MatrixXd pickRows(const Eigen::MatrixXd& x, const std::vector<Index>& rows) {
    Eigen::MatrixXd out(static_cast<Index>(rows.size()), x.cols());
    for (std::size_t k = 0; k < rows.size(); ++k)
        out.row(static_cast<Index>(k)) = x.row(rows[k]);
    return out;
}

Eigen::VectorXd pickRows(const Eigen::VectorXd& v, const std::vector<Index>& rows) {
    Eigen::VectorXd out(static_cast<Index>(rows.size()));
    for (std::size_t k = 0; k < rows.size(); ++k)
        out(static_cast<Index>(k)) = v(rows[k]);
    return out;
}

GlmnetPath fitRows(const Responses& r, const Eigen::MatrixXd& x, const std::vector<Index>& rows,
                   const GlmnetOptions& options) {
    const Eigen::MatrixXd xs = pickRows(x, rows);
    if (xs.rows() == 0)
        throw Error("cv.glmnet: no rows to fit");
    switch (r.family) {
    case GlmnetFamily::Binomial:
        return fitGlmnetBinomial(xs, pickRows(r.y, rows), options);
    case GlmnetFamily::Cox:
        return fitGlmnetCox(xs, pickRows(r.y, rows), pickRows(r.event, rows), options);
    case GlmnetFamily::Multinomial: {
        std::vector<int> classes;
        for (Index i : rows)
            classes.push_back(r.classOf[static_cast<std::size_t>(i)]);
        return fitGlmnetMultinomial(xs, classes, r.classCount, options);
    }
    }
    throw Error("cv.glmnet: unknown family");
}

/// The path's coefficients at lambdas `s`, linear in lambda between its
/// neighbouring lambdas and constant beyond its ends (glmnet's lambda.interp,
/// i.e. predict(fold fit, s = full fit's lambdas) in cv.glmnet).
GlmnetPath interpolateAt(const GlmnetPath& path, const std::vector<double>& s) {
    const std::size_t k = path.lambda.size();
    const auto steps = static_cast<Index>(s.size());
    const bool multinomial = !path.classBeta.empty();
    GlmnetPath out;
    out.lambda = s;
    if (multinomial) {
        out.classBeta.assign(path.classBeta.size(),
                             Eigen::MatrixXd::Zero(path.classBeta[0].rows(), steps));
        out.classIntercept = Eigen::MatrixXd::Zero(path.classIntercept.rows(), steps);
    } else {
        out.beta = Eigen::MatrixXd::Zero(path.beta.rows(), steps);
        out.intercept = Eigen::VectorXd::Zero(steps);
    }
    auto blend = [&](Index l, Index left, Index right, double frac) {
        if (multinomial) {
            for (std::size_t c = 0; c < path.classBeta.size(); ++c)
                out.classBeta[c].col(l) = frac * path.classBeta[c].col(left) +
                                          (1.0 - frac) * path.classBeta[c].col(right);
            out.classIntercept.col(l) = frac * path.classIntercept.col(left) +
                                        (1.0 - frac) * path.classIntercept.col(right);
        } else {
            out.beta.col(l) = frac * path.beta.col(left) + (1.0 - frac) * path.beta.col(right);
            out.intercept(l) = frac * path.intercept(left) + (1.0 - frac) * path.intercept(right);
        }
    };
    const double first = path.lambda.front(), range = first - path.lambda.back();
    for (Index l = 0; l < steps; ++l) {
        const double target = s[static_cast<std::size_t>(l)];
        if (k == 1 || target >= first) {
            blend(l, 0, 0, 1.0);
            continue;
        }
        if (target <= path.lambda.back()) {
            blend(l, static_cast<Index>(k) - 1, static_cast<Index>(k) - 1, 1.0);
            continue;
        }
        // Normalised coordinates (lambda_1 - lambda) / (lambda_1 - lambda_k), as R.
        const double at = (first - target) / range;
        std::size_t i = 0;
        while ((first - path.lambda[i + 1]) / range < at)
            ++i;
        const double lo = (first - path.lambda[i]) / range;
        const double hi = (first - path.lambda[i + 1]) / range;
        if (at == hi) {
            blend(l, static_cast<Index>(i + 1), static_cast<Index>(i + 1), 1.0);
            continue;
        }
        blend(l, static_cast<Index>(i), static_cast<Index>(i + 1), (at - hi) / (lo - hi));
    }
    return out;
}

/// Mean held-out deviance of one fold per lambda: -2 log p(observed class),
/// p clipped to [1e-5, 1 - 1e-5] (cv.lognet, cv.multnet).
Eigen::VectorXd heldOutDeviance(const Responses& r, const GlmnetPath& fit, const Eigen::MatrixXd& x,
                                const std::vector<Index>& rows, Index steps) {
    auto logClipped = [](double p) {
        return std::log(std::min(std::max(p, kMinCvProbability), 1.0 - kMinCvProbability));
    };
    const Eigen::MatrixXd xs = pickRows(x, rows);
    Eigen::VectorXd out(steps);
    if (r.family == GlmnetFamily::Binomial) {
        const Eigen::MatrixXd eta = glmnetLinearPredictor(fit, xs);
        for (Index l = 0; l < steps; ++l) {
            double sum = 0.0;
            for (std::size_t k = 0; k < rows.size(); ++k) {
                const double p = 1.0 / (1.0 + std::exp(-eta(static_cast<Index>(k), l)));
                sum -= 2.0 * (r.y(rows[k]) == 1.0 ? logClipped(p) : logClipped(1.0 - p));
            }
            out(l) = sum / static_cast<double>(rows.size());
        }
        return out;
    }
    const auto prob = glmnetClassProbabilities(fit, xs);
    for (Index l = 0; l < steps; ++l) {
        const auto& pm = prob[static_cast<std::size_t>(l)];
        double sum = 0.0;
        for (std::size_t k = 0; k < rows.size(); ++k)
            sum -= 2.0 * logClipped(pm(static_cast<Index>(k),
                                       r.classOf[static_cast<std::size_t>(rows[k])]));
        out(l) = sum / static_cast<double>(rows.size());
    }
    return out;
}

/// Cox partial-likelihood deviance 2 (l_saturated - l(eta)) of some rows,
/// Breslow, weights 1 (glmnet's coxnet.deviance).
class CoxDeviance {
public:
    CoxDeviance(const Eigen::VectorXd& time, const Eigen::VectorXd& event,
                const std::vector<Index>& rows)
        : rows_(rows), ones_(Eigen::VectorXd::Ones(static_cast<Index>(rows.size()))),
          risk_(pickRows(time, rows), pickRows(event, rows), ones_) {}
    double operator()(const Eigen::VectorXd& etaAllRows) const {
        return 2.0 * (-risk_.saturated() - risk_.logLikelihood(pickRows(etaAllRows, rows_), ones_));
    }

private:
    std::vector<Index> rows_;
    Eigen::VectorXd ones_;
    RiskSets risk_;
};

void checkFolds(const std::vector<int>& foldId, Index n, int& folds) {
    if (static_cast<Index>(foldId.size()) != n)
        throw Error("cv.glmnet: " + std::to_string(foldId.size()) + " fold ids for " +
                    std::to_string(n) + " rows");
    folds = *std::max_element(foldId.begin(), foldId.end());
    if (folds < 3)
        throw Error("cv.glmnet: at least 3 folds are needed, got " + std::to_string(folds));
    std::vector<int> count(static_cast<std::size_t>(folds), 0);
    for (std::size_t i = 0; i < foldId.size(); ++i) {
        if (foldId[i] < 1)
            throw Error("cv.glmnet: the fold of row " + std::to_string(i + 1) + " is " +
                        std::to_string(foldId[i]) + "; folds are numbered from 1");
        ++count[static_cast<std::size_t>(foldId[i] - 1)];
    }
    for (int k = 0; k < folds; ++k)
        if (count[static_cast<std::size_t>(k)] == 0)
            throw Error("cv.glmnet: fold " + std::to_string(k + 1) + " has no rows");
}

} // namespace

GlmnetCvResult cvGlmnet(GlmnetFamily family, const Eigen::MatrixXd& x,
                        const Eigen::VectorXd& y01orTime, const Eigen::VectorXd& event01,
                        const std::vector<int>& classOf, int classCount,
                        const std::vector<int>& foldId, const GlmnetOptions& options,
                        unsigned threads, const CancelToken* cancel) {
    const Index n = x.rows();
    const bool multinomial = family == GlmnetFamily::Multinomial;
    const Index responseRows =
        multinomial ? static_cast<Index>(classOf.size()) : static_cast<Index>(y01orTime.size());
    if (responseRows != n || (family == GlmnetFamily::Cox && event01.size() != n))
        throw Error("cv.glmnet: the response has " + std::to_string(responseRows) +
                    " rows but x has " + std::to_string(n));
    int folds = 0;
    checkFolds(foldId, n, folds);
    const Responses r{family, y01orTime, event01, classOf, classCount};

    std::vector<Index> all(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        all[static_cast<std::size_t>(i)] = i;
    GlmnetCvResult result;
    result.fit = fitRows(r, x, all, options);
    if (result.fit.lambda.empty())
        throw Error("cv.glmnet: the full fit did not converge at its first lambda (raise "
                    "maxIterations)");
    const auto steps = static_cast<Index>(result.fit.lambda.size());

    std::vector<std::vector<Index>> held(static_cast<std::size_t>(folds)), kept(held);
    for (Index i = 0; i < n; ++i)
        for (int k = 0; k < folds; ++k)
            (foldId[static_cast<std::size_t>(i)] == k + 1 ? held
                                                          : kept)[static_cast<std::size_t>(k)]
                .push_back(i);
    // Fold k's score per lambda (cvraw) and its weight.
    Eigen::MatrixXd raw(folds, steps);
    Eigen::VectorXd weight(folds);
    // Cox: glmnet's tie-break of censored times, and the deviance of all rows.
    const Eigen::VectorXd tieBroken =
        family == GlmnetFamily::Cox
            ? Eigen::VectorXd((y01orTime.array() + (1.0 - event01.array()) * 100.0 *
                                                       std::numeric_limits<double>::epsilon())
                                  .matrix())
            : Eigen::VectorXd();
    std::optional<CoxDeviance> full;
    if (family == GlmnetFamily::Cox)
        full.emplace(tieBroken, event01, all);
    const auto cancelled = [cancel] { return cancel && cancel->isCancelled(); };
    parallelFor(
        static_cast<std::size_t>(folds), threads,
        [&](std::size_t k) {
            // As cv.glmnet: the fold's own lambda sequence (options.lambda
            // when given), read at the full fit's lambdas by interpolation.
            const GlmnetPath foldFit = fitRows(r, x, kept[k], options);
            if (foldFit.lambda.empty())
                throw Error("cv.glmnet: the fit without fold " + std::to_string(k + 1) +
                            " did not converge at its first lambda (raise maxIterations)");
            const GlmnetPath fit = interpolateAt(foldFit, result.fit.lambda);
            const auto row = static_cast<Index>(k);
            if (family != GlmnetFamily::Cox) {
                raw.row(row) = heldOutDeviance(r, fit, x, held[k], steps).transpose();
                weight(row) = static_cast<double>(held[k].size());
                return;
            }
            // Grouped partial-likelihood deviance per event of the fold
            // (Verweij & van Houwelingen 1993): D(all rows) - D(other rows).
            const CoxDeviance rest(tieBroken, event01, kept[k]);
            const Eigen::MatrixXd eta = glmnetLinearPredictor(fit, x);
            double events = 0.0;
            for (Index i : held[k])
                events += event01(i);
            weight(row) = events;
            for (Index l = 0; l < steps; ++l)
                raw(row, l) = ((*full)(eta.col(l)) - rest(eta.col(l))) / events;
        },
        cancelled);
    if (cancelled())
        throw Error("cv.glmnet: cancelled");

    // cvm = weighted mean over folds; cvsd = sqrt(weighted mean of squared
    // deviations / (K - 1)) (glmnet's cvstats). Folds without weight (Cox:
    // no event) do not count.
    double totalWeight = 0.0;
    int counted = 0;
    for (Index k = 0; k < folds; ++k)
        if (weight(k) > 0.0) {
            totalWeight += weight(k);
            ++counted;
        }
    if (counted < 2)
        throw Error("cv.glmnet: fewer than 2 folds have events to score");
    for (Index l = 0; l < steps; ++l) {
        double mean = 0.0, spread = 0.0;
        for (Index k = 0; k < folds; ++k)
            if (weight(k) > 0.0)
                mean += weight(k) * raw(k, l) / totalWeight;
        for (Index k = 0; k < folds; ++k)
            if (weight(k) > 0.0)
                spread += weight(k) * (raw(k, l) - mean) * (raw(k, l) - mean) / totalWeight;
        result.cvm.push_back(mean);
        result.cvsd.push_back(std::sqrt(spread / static_cast<double>(counted - 1)));
    }
    // lambda.min: the largest lambda with the least cvm; lambda.1se: the
    // largest lambda with cvm within one standard error of it (getOptcv.glmnet).
    const auto best = std::min_element(result.cvm.begin(), result.cvm.end());
    result.indexMin = static_cast<std::size_t>(best - result.cvm.begin());
    const double bound = result.cvm[result.indexMin] + result.cvsd[result.indexMin];
    result.index1se = 0;
    while (result.cvm[result.index1se] > bound)
        ++result.index1se;
    result.lambdaMin = result.fit.lambda[result.indexMin];
    result.lambda1se = result.fit.lambda[result.index1se];
    return result;
}

} // namespace rgw::stats
