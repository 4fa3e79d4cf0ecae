#include "modeling/FeatureSelection.h"

#include "modeling/LassoSelection.h"
#include "modeling/Mrmr.h"
#include "modeling/Pipeline.h"
#include "modeling/ReliefF.h"
#include "modeling/SvmRfe.h"
#include "stats/CoxRegression.h"
#include "stats/KruskalWallis.h"
#include "stats/MultipleTesting.h"
#include "stats/TwoGroupTests.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string>

namespace rgw::modeling {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isConstant(const Eigen::VectorXd& v) {
    return v.size() == 0 || (v.array() == v(0)).all();
}

/// Throws rgw::Error when `test` does not apply to the outcome's kind.
void checkTestFits(UnivariateTest test, ModelKind kind) {
    const bool fits = [&] {
        switch (test) {
        case UnivariateTest::Automatic:
            return true;
        case UnivariateTest::MannWhitney:
        case UnivariateTest::WelchT:
        case UnivariateTest::Auc:
            return kind == ModelKind::Logistic;
        case UnivariateTest::Cox:
            return kind == ModelKind::Cox;
        }
        return false;
    }();
    if (fits)
        return;
    switch (kind) {
    case ModelKind::Logistic:
        throw Error("the univariate test for a binary target is Mann-Whitney, Welch t or AUC");
    case ModelKind::Multinomial:
        throw Error("the univariate test for a multiclass target is Kruskal-Wallis");
    case ModelKind::Cox:
        break;
    }
    throw Error("the univariate test for a survival target is the univariate Cox model");
}

double univariateP(const Eigen::VectorXd& v, const Outcome& y, UnivariateTest test) {
    if (isConstant(v))
        return kNaN;
    switch (y.kind) {
    case ModelKind::Logistic:
        // The AUC filter ranks by |AUC − 0.5| and tests with Mann–Whitney (same statistic).
        return test == UnivariateTest::WelchT ? stats::welchT(v, y.label).p
                                              : stats::mannWhitney(v, y.label).p;
    case ModelKind::Multinomial:
        return stats::kruskalWallis(v, y.classOf).p;
    case ModelKind::Cox:
        break;
    }
    try {
        // Wald p of the univariate Cox model (Efron ties, as coxph).
        const stats::CoxFit fit = stats::fitCox(v, y.time, y.event, {"x"});
        return fit.coefficients.p(0);
    } catch (const Error&) {
        return kNaN; // a feature the Cox model cannot use (monotone likelihood) is not kept
    }
}

std::vector<Eigen::Index> nearZeroVariance(const Eigen::MatrixXd& x, double frequencyCut) {
    // caret's nzv: missing values are left out of the counts (but not of the
    // percentage's denominator); dropped when constant, or when the most
    // common value is more than frequencyCut times as frequent as the second
    // and at most 10 % of the rows hold distinct values.
    std::vector<Eigen::Index> keep;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        std::map<double, std::size_t> counts;
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            if (!std::isnan(x(i, j)))
                ++counts[x(i, j)];
        if (counts.size() < 2)
            continue; // constant (or nothing present)
        std::vector<std::size_t> f;
        for (const auto& entry : counts)
            f.push_back(entry.second);
        std::sort(f.rbegin(), f.rend());
        const double ratio = static_cast<double>(f[0]) / static_cast<double>(f[1]);
        const double percentUnique =
            100.0 * static_cast<double>(counts.size()) / static_cast<double>(x.rows());
        if (!(ratio > frequencyCut && percentUnique <= 10.0))
            keep.push_back(j);
    }
    return keep;
}

std::vector<Eigen::Index> univariate(const SelectionStep& step, const Eigen::MatrixXd& x,
                                     const Outcome& y) {
    std::vector<double> p = univariatePValues(x, y, step.test);
    // The ranking key, smallest first: p, or −|AUC − 0.5| for the AUC filter.
    std::vector<double> key = p;
    if (step.test == UnivariateTest::Auc) {
        const std::vector<double> auc = univariateAucs(x, y);
        for (std::size_t j = 0; j < key.size(); ++j)
            key[j] = -std::abs(auc[j] - 0.5);
    }
    std::vector<double> q = step.threshold > 0 ? stats::benjaminiHochberg(p) : p;
    std::vector<Eigen::Index> order;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (!std::isnan(p[static_cast<std::size_t>(j)]) &&
            (step.threshold <= 0 || q[static_cast<std::size_t>(j)] <= step.threshold))
            order.push_back(j);
    // Smallest key first; equal keys in column order, so the result is deterministic.
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)];
    });
    if (step.maxFeatures > 0 && order.size() > static_cast<std::size_t>(step.maxFeatures))
        order.resize(static_cast<std::size_t>(step.maxFeatures));
    std::sort(order.begin(), order.end());
    return order;
}

std::vector<Eigen::Index> correlation(const SelectionStep& step, const Eigen::MatrixXd& x,
                                      const Outcome& y) {
    const std::vector<double> p = univariatePValues(x, y, step.test);
    std::vector<Eigen::Index> order;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (!std::isnan(p[static_cast<std::size_t>(j)]))
            order.push_back(j);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return p[static_cast<std::size_t>(a)] < p[static_cast<std::size_t>(b)];
    });
    // Pearson r of centred, unit-length columns is their dot product.
    Eigen::MatrixXd z = x.rowwise() - x.colwise().mean();
    for (Eigen::Index j = 0; j < z.cols(); ++j)
        if (const double norm = z.col(j).norm(); norm > 0)
            z.col(j) /= norm;
    std::vector<Eigen::Index> kept;
    for (const Eigen::Index j : order) {
        const bool redundant = std::any_of(kept.begin(), kept.end(), [&](Eigen::Index k) {
            return std::abs(z.col(j).dot(z.col(k))) > step.threshold;
        });
        if (!redundant)
            kept.push_back(j);
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

/// Top maxFeatures by weight (ties: lower column), or every weight > threshold.
std::vector<Eigen::Index> reliefF(const SelectionStep& step, const Eigen::MatrixXd& x,
                                  const Outcome& y) {
    if (step.maxFeatures < 0)
        throw Error("RELIEF-F: maxFeatures must be >= 0 (0 = keep weight > threshold), not " +
                    std::to_string(step.maxFeatures));
    const Eigen::VectorXd w = reliefFWeights(x, y, step.neighbours);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(x.cols()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return w(a) > w(b); });
    std::vector<Eigen::Index> kept;
    for (const Eigen::Index j : order)
        if (step.maxFeatures > 0 ? kept.size() < static_cast<std::size_t>(step.maxFeatures)
                                 : w(j) > step.threshold)
            kept.push_back(j);
    std::sort(kept.begin(), kept.end());
    return kept;
}

/// maxFeatures (>= 1), or every column when fewer are left.
int featureCount(const SelectionStep& step, const Eigen::MatrixXd& x, const char* method) {
    if (step.maxFeatures < 1)
        throw Error(std::string(method) +
                    " needs the number of features to keep (maxFeatures >= 1), not " +
                    std::to_string(step.maxFeatures));
    return static_cast<int>(std::min<Eigen::Index>(step.maxFeatures, x.cols()));
}

std::vector<Eigen::Index> mrmr(const SelectionStep& step, const Eigen::MatrixXd& x,
                               const Outcome& y) {
    std::vector<Eigen::Index> kept;
    for (const MrmrChoice& c : mrmrClassic(x, y, featureCount(step, x, "mRMR")))
        kept.push_back(c.feature);
    std::sort(kept.begin(), kept.end());
    return kept;
}

} // namespace

std::vector<double> univariateAucs(const Eigen::MatrixXd& x, const Outcome& y) {
    if (y.kind != ModelKind::Logistic)
        throw Error("the AUC filter needs a binary target, not a " +
                    std::string(modelKindName(y.kind)) + " one");
    std::vector<double> auc(static_cast<std::size_t>(x.cols()), kNaN);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (!isConstant(x.col(j)))
            // AUC = P(X₁ > X₀) + ½ P(X₁ = X₀) = W / (n₁ n₀) (Bamber 1975; pROC's auc).
            auc[static_cast<std::size_t>(j)] = stats::mannWhitney(x.col(j), y.label).effect;
    return auc;
}

std::vector<double> univariatePValues(const Eigen::MatrixXd& x, const Outcome& y,
                                      UnivariateTest test) {
    checkTestFits(test, y.kind);
    std::vector<double> p(static_cast<std::size_t>(x.cols()));
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        p[static_cast<std::size_t>(j)] = univariateP(x.col(j), y, test);
    return p;
}

std::vector<Eigen::Index> selectFeatures(const SelectionStep& step, const Eigen::MatrixXd& x,
                                         const Outcome& y) {
    const bool multivariate = step.kind != SelectionKind::NearZeroVariance &&
                              step.kind != SelectionKind::Univariate &&
                              step.kind != SelectionKind::Correlation;
    if (multivariate && x.cols() == 0)
        return {}; // an earlier step kept nothing
    switch (step.kind) {
    case SelectionKind::NearZeroVariance:
        return nearZeroVariance(x, step.threshold);
    case SelectionKind::Univariate:
        return univariate(step, x, y);
    case SelectionKind::Correlation:
        if (!(step.threshold > 0 && step.threshold <= 1))
            throw Error("the correlation threshold must lie in (0, 1], not " +
                        std::to_string(step.threshold));
        return correlation(step, x, y);
    case SelectionKind::Lasso:
        return lassoSelection(x, y, step.alpha, step.lambdaRule,
                              lassoFolds(y, step.innerFolds, step.seed));
    case SelectionKind::Mrmr:
        return mrmr(step, x, y);
    case SelectionKind::ReliefF:
        return reliefF(step, x, y);
    case SelectionKind::SvmRfe:
        return svmRfe(x, y, featureCount(step, x, "SVM-RFE"), step.svmCost, step.eliminationShare)
            .kept;
    }
    throw Error("unknown selection step");
}

} // namespace rgw::modeling
