#include "stats/CoefficientTable.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <cmath>
#include <string>

namespace rgw::stats {

namespace {

// z_{1-(1-level)/2}: 1.959963984540054 for level 0.95.
double waldQuantile(double level) {
    if (!(level > 0.0 && level < 1.0))
        throw Error("confidence level must lie strictly between 0 and 1, not " +
                    std::to_string(level));
    return normalQuantile(1.0 - (1.0 - level) / 2.0);
}

void requireRow(const CoefficientTable& table, Eigen::Index i) {
    if (i < 0 || i >= table.estimate.size())
        throw Error("coefficient " + std::to_string(i) + " does not exist (the table has " +
                    std::to_string(table.estimate.size()) + ")");
}

} // namespace

double CoefficientTable::ratio(Eigen::Index i) const {
    requireRow(*this, i);
    return std::exp(estimate(i));
}

double CoefficientTable::ratioLower(Eigen::Index i, double level) const {
    requireRow(*this, i);
    return std::exp(estimate(i) - waldQuantile(level) * standardError(i));
}

double CoefficientTable::ratioUpper(Eigen::Index i, double level) const {
    requireRow(*this, i);
    return std::exp(estimate(i) + waldQuantile(level) * standardError(i));
}

Eigen::Index CoefficientTable::index(std::string_view name) const {
    std::string known;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return static_cast<Eigen::Index>(i);
        known += (i ? ", " : "") + names[i];
    }
    throw Error("no coefficient '" + std::string(name) + "' (the model has " + known + ")");
}

CoefficientTable waldTable(std::vector<std::string> names, Eigen::VectorXd estimate,
                           Eigen::MatrixXd covariance) {
    const Eigen::Index p = estimate.size();
    if (static_cast<Eigen::Index>(names.size()) != p || covariance.rows() != p ||
        covariance.cols() != p)
        throw Error("coefficient table: " + std::to_string(names.size()) + " names, " +
                    std::to_string(p) + " estimates and a " + std::to_string(covariance.rows()) +
                    " x " + std::to_string(covariance.cols()) + " covariance do not match");
    CoefficientTable table;
    table.names = std::move(names);
    table.standardError = covariance.diagonal().cwiseSqrt();
    table.z = estimate.cwiseQuotient(table.standardError); // z = β / se
    table.p.resize(p);
    for (Eigen::Index i = 0; i < p; ++i)
        table.p(i) = normalTwoSidedP(table.z(i)); // p = 2 (1 - Φ(|z|))
    table.estimate = std::move(estimate);
    table.covariance = std::move(covariance);
    return table;
}

Eigen::VectorXd linearPredictor(const CoefficientTable& table, const Eigen::MatrixXd& x) {
    const bool intercept = !table.names.empty() && table.names.front() == "(Intercept)";
    const Eigen::Index offset = intercept ? 1 : 0;
    const Eigen::Index predictors = table.estimate.size() - offset;
    if (x.cols() != predictors)
        throw Error("linear predictor: the model has " + std::to_string(predictors) +
                    " predictors but the data have " + std::to_string(x.cols()) + " columns");
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            if (!std::isfinite(x(r, j)))
                throw Error("linear predictor: predictor '" +
                            table.names[static_cast<std::size_t>(j + offset)] + "' row " +
                            std::to_string(r + 1) + " is not a finite number");
    // η = β₀ + x·β (logistic) or x·β (Cox, uncentred).
    Eigen::VectorXd eta = x * table.estimate.tail(predictors);
    if (intercept)
        eta.array() += table.estimate(0);
    return eta;
}

void requireFinitePredictors(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                             std::string_view what) {
    if (static_cast<Eigen::Index>(names.size()) != x.cols())
        throw Error(std::string(what) + ": " + std::to_string(names.size()) +
                    " predictor names for " + std::to_string(x.cols()) + " columns");
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            if (!std::isfinite(x(r, j)))
                throw Error(std::string(what) + ": predictor '" +
                            names[static_cast<std::size_t>(j)] + "' row " + std::to_string(r + 1) +
                            " is not a finite number (drop incomplete rows first)");
}

void requireFullRank(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                     std::string_view what) {
    // Modified Gram–Schmidt on the centred columns (centring = projecting out the
    // intercept), twice for orthogonality; a column whose residual is below 1e-7 of
    // its centred norm lies in the span of the intercept and the earlier columns.
    Eigen::MatrixXd basis(x.rows(), 0);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const std::string& name = names[static_cast<std::size_t>(j)];
        Eigen::VectorXd column = x.col(j).array() - x.col(j).mean();
        const double norm = column.norm();
        if (!(norm > 1e-12 * (x.col(j).norm() + 1e-300)))
            throw Error(std::string(what) + ": predictor '" + name +
                        "' is constant, so its effect cannot be estimated; remove it");
        for (int pass = 0; pass < 2; ++pass)
            for (Eigen::Index k = 0; k < basis.cols(); ++k)
                column -= basis.col(k).dot(column) * basis.col(k);
        const double residual = column.norm();
        if (!(residual > 1e-7 * norm)) {
            for (Eigen::Index k = 0; k < j; ++k)
                if (x.col(k) == x.col(j))
                    throw Error(std::string(what) + ": predictor '" + name +
                                "' duplicates predictor '" + names[static_cast<std::size_t>(k)] +
                                "', so its effect cannot be estimated; remove it");
            throw Error(std::string(what) + ": predictor '" + name +
                        "' is a linear combination of the predictors before it (collinear, "
                        "e.g. a duplicated column), so its effect cannot be estimated; remove it");
        }
        basis.conservativeResize(Eigen::NoChange, basis.cols() + 1);
        basis.col(basis.cols() - 1) = column / residual;
    }
}

} // namespace rgw::stats
