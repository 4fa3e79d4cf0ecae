#include "modeling/FeatureSelection.h"

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

namespace rgw::modeling {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isConstant(const Eigen::VectorXd& v) {
    return v.size() == 0 || (v.array() == v(0)).all();
}

double univariateP(const Eigen::VectorXd& v, const Outcome& y, UnivariateTest test) {
    if (isConstant(v))
        return kNaN;
    switch (y.kind) {
    case ModelKind::Logistic:
        return test == UnivariateTest::WelchT ? stats::welchT(v, y.label).p
                                              : stats::mannWhitney(v, y.label).p;
    case ModelKind::Multinomial:
        if (test != UnivariateTest::Automatic)
            throw Error("the univariate test for a multiclass target is Kruskal-Wallis");
        return stats::kruskalWallis(v, y.classOf).p;
    case ModelKind::Cox:
        break;
    }
    if (test != UnivariateTest::Automatic)
        throw Error("the univariate test for a survival target is the univariate Cox model");
    try {
        // Wald p of the univariate Cox model (Efron ties, as coxph).
        const stats::CoxFit fit = stats::fitCox(v, y.time, y.event, {"x"});
        return fit.coefficients.p(0);
    } catch (const Error&) {
        return kNaN; // a feature the Cox model cannot use (monotone likelihood) is not kept
    }
}

std::vector<Eigen::Index> nearZeroVariance(const Eigen::MatrixXd& x, double frequencyCut) {
    std::vector<Eigen::Index> keep;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        std::map<double, std::size_t> counts;
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            ++counts[x(i, j)];
        if (counts.size() < 2)
            continue; // constant
        std::vector<std::size_t> f;
        for (const auto& entry : counts)
            f.push_back(entry.second);
        std::sort(f.rbegin(), f.rend());
        const double ratio = static_cast<double>(f[0]) / static_cast<double>(f[1]);
        const double percentUnique =
            100.0 * static_cast<double>(counts.size()) / static_cast<double>(x.rows());
        if (!(ratio > frequencyCut && percentUnique < 10.0))
            keep.push_back(j);
    }
    return keep;
}

std::vector<Eigen::Index> univariate(const SelectionStep& step, const Eigen::MatrixXd& x,
                                     const Outcome& y) {
    std::vector<double> p = univariatePValues(x, y, step.test);
    std::vector<double> q = step.threshold > 0 ? stats::benjaminiHochberg(p) : p;
    std::vector<Eigen::Index> order;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (!std::isnan(p[static_cast<std::size_t>(j)]) &&
            (step.threshold <= 0 || q[static_cast<std::size_t>(j)] <= step.threshold))
            order.push_back(j);
    // Smallest p first; equal p in column order, so the result is deterministic.
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return p[static_cast<std::size_t>(a)] < p[static_cast<std::size_t>(b)];
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

} // namespace

std::vector<double> univariatePValues(const Eigen::MatrixXd& x, const Outcome& y,
                                      UnivariateTest test) {
    std::vector<double> p(static_cast<std::size_t>(x.cols()));
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        p[static_cast<std::size_t>(j)] = univariateP(x.col(j), y, test);
    return p;
}

std::vector<Eigen::Index> selectFeatures(const SelectionStep& step, const Eigen::MatrixXd& x,
                                         const Outcome& y) {
    switch (step.kind) {
    case SelectionKind::NearZeroVariance:
        return nearZeroVariance(x, step.threshold);
    case SelectionKind::Univariate:
        return univariate(step, x, y);
    case SelectionKind::Correlation:
        break;
    }
    if (!(step.threshold > 0 && step.threshold <= 1))
        throw Error("the correlation threshold must lie in (0, 1], not " +
                    std::to_string(step.threshold));
    return correlation(step, x, y);
}

} // namespace rgw::modeling
