#pragma once

// Shared data and reference readers of the glmnet tests: the shared tables as
// tests/reference/glmnet/make_glmnet.R filters them, and the path CSV files
// that script writes (one row per lambda; multinomial one per class and lambda).

#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/Glmnet.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <string>
#include <vector>

namespace rgw::test::glmnet {

/// Options of every reference fit: glmnet's exact optimum.
inline stats::GlmnetOptions tightOptions(double alpha) {
    stats::GlmnetOptions o;
    o.alpha = alpha;
    o.threshold = 1e-14;
    o.maxIterations = 10000000;
    return o;
}

struct Data {
    Eigen::MatrixXd x;
    Eigen::VectorXd y, time, event;
    std::vector<int> classOf;
    std::vector<std::string> features;
};

/// wdbc: malignant ~ all 30 features.
inline Data wdbc() {
    const auto table = stats::DataTable::read(tabularFile("wdbc_breast_cancer.csv"));
    Data d;
    for (const auto& name : table.numericColumns())
        if (name != "malignant")
            d.features.push_back(name);
    std::vector<std::size_t> rows(table.rows());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    d.x = table.matrix(d.features, rows);
    d.y = table.vector("malignant", rows);
    return d;
}

/// lung complete cases: Surv(time, status == 2) ~ 7 clinical covariates.
inline Data lungCox() {
    const auto table = stats::DataTable::read(tabularFile("survival_lung.csv"));
    Data d;
    d.features = {"age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"};
    std::vector<std::string> all = d.features;
    all.insert(all.begin(), {"time", "status"});
    const auto rows = table.completeRows(all);
    d.x = table.matrix(d.features, rows);
    d.time = table.vector("time", rows);
    d.event = (table.vector("status", rows).array() == 2.0).cast<double>();
    return d;
}

/// lung: ph.ecog (0/1/2) ~ 6 covariates, complete cases, ph.ecog 3 dropped.
inline Data lungMultinomial() {
    const auto table = stats::DataTable::read(tabularFile("survival_lung.csv"));
    Data d;
    d.features = {"age", "sex", "ph.karno", "pat.karno", "meal.cal", "wt.loss"};
    std::vector<std::string> all = d.features;
    all.push_back("ph.ecog");
    std::vector<std::size_t> rows;
    const auto& ecog = table.numbers("ph.ecog");
    for (std::size_t r : table.completeRows(all))
        if (ecog[r] <= 2.0)
            rows.push_back(r);
    d.x = table.matrix(d.features, rows);
    for (std::size_t r : rows)
        d.classOf.push_back(static_cast<int>(ecog[r]));
    return d;
}

/// One reference path: p × L coefficients and per-lambda values.
struct ReferencePath {
    std::vector<double> lambda, a0, devRatio;
    std::vector<int> df;
    Eigen::MatrixXd beta;
};

/// Reads tests/reference/glmnet/<file>; `className` selects one class of a
/// multinomial table.
inline ReferencePath readPath(const std::string& file, const std::vector<std::string>& features,
                              const std::string& className = "") {
    const auto table = stats::DataTable::read(referenceFile("glmnet/" + file));
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < table.rows(); ++r)
        if (className.empty() || table.text("class")[r] == className)
            rows.push_back(r);
    ReferencePath ref;
    for (std::size_t r : rows) {
        ref.lambda.push_back(table.numbers("lambda")[r]);
        ref.devRatio.push_back(table.numbers("dev_ratio")[r]);
        ref.df.push_back(static_cast<int>(table.numbers("df")[r]));
        if (table.has("a0"))
            ref.a0.push_back(table.numbers("a0")[r]);
    }
    ref.beta = table.matrix(features, rows).transpose();
    return ref;
}

inline double referenceValue(const std::string& file, const std::string& column) {
    const auto table = stats::DataTable::read(referenceFile("glmnet/" + file));
    return table.numbers(column).at(0);
}

/// Largest relative difference of two lambda sequences of equal length.
inline double maxRelativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0.0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]) / std::abs(b[i]));
    return worst;
}

/// Asserts a fitted one-response path equals the reference: same length, the
/// lambdas within 1e-10 relative, coefficients and intercepts within `tol`
/// at every lambda; prints the measured differences.
inline void expectPathEquals(const stats::GlmnetPath& fit, const ReferencePath& ref,
                             const std::string& what, double tol = 1e-4) {
    ASSERT_EQ(fit.lambda.size(), ref.lambda.size()) << what;
    const double lambdaDiff = maxRelativeDifference(fit.lambda, ref.lambda);
    EXPECT_LT(lambdaDiff, 1e-10) << what;
    const double betaDiff = (fit.beta - ref.beta).cwiseAbs().maxCoeff();
    EXPECT_LT(betaDiff, tol) << what;
    double a0Diff = 0.0, devDiff = 0.0;
    for (std::size_t m = 0; m < ref.lambda.size(); ++m) {
        if (!ref.a0.empty())
            a0Diff =
                std::max(a0Diff, std::abs(fit.intercept(static_cast<Eigen::Index>(m)) - ref.a0[m]));
        devDiff = std::max(devDiff, std::abs(fit.devianceRatio[m] - ref.devRatio[m]));
    }
    EXPECT_LT(a0Diff, tol) << what;
    EXPECT_LT(devDiff, 1e-6) << what;
    std::cout << what << ": L = " << fit.lambda.size() << ", max rel diff lambda " << lambdaDiff
              << ", max abs diff beta " << betaDiff << ", a0 " << a0Diff << ", dev.ratio "
              << devDiff << "\n";
}

} // namespace rgw::test::glmnet
