#pragma once

// Comparison of a fitted CoefficientTable with R's, read from the outputs of
// tests/reference/regression/make_regression.R (glm, coxph).

#include "Reference.h"
#include "stats/CoefficientTable.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <string>

namespace rgw::test {

/// The tolerance: 1e-6 absolute, relative 1e-6 for values above 1 in
/// magnitude (some coefficients are in the hundreds, e.g. smoothness_error).
inline double regressionTolerance(double reference) {
    return std::max(1e-6, 1e-6 * std::abs(reference));
}

/// tests/reference/regression/<name>.csv.
inline stats::DataTable regressionReference(const std::string& name) {
    return stats::DataTable::read(referenceFile("regression/" + name + ".csv"));
}

/// A value of a <prefix>_summary.csv file (quantity,value).
inline double summaryValue(const stats::DataTable& summary, const std::string& quantity) {
    const auto& names = summary.text("quantity");
    const auto found = std::find(names.begin(), names.end(), quantity);
    if (found == names.end())
        throw std::runtime_error("no quantity " + quantity + " in " + summary.source());
    return summary.numbers("value")[static_cast<std::size_t>(found - names.begin())];
}

/// Expects `actual` within `tolerance` of `reference` and returns |actual - reference|.
inline double expectClose(double actual, double reference, double tolerance,
                          const std::string& what) {
    const double difference = std::abs(actual - reference);
    EXPECT_LE(difference, tolerance) << what << ": " << actual << " vs R " << reference;
    return difference;
}

/// Prints a measured maximum difference for the record of the test run.
inline void report(const std::string& what, double difference) {
    std::cout << "[ measured ] " << what << " max |ours - R| = " << difference << '\n';
}

/// Expects names, estimates, standard errors, z, p (relative 1e-6) and the
/// covariance of `table` to equal R's <prefix>_coefficients.csv and
/// <prefix>_covariance.csv.
inline void expectCoefficientsMatch(const stats::CoefficientTable& table,
                                    const std::string& prefix) {
    const stats::DataTable coefficients = regressionReference(prefix + "_coefficients");
    const stats::DataTable covariance = regressionReference(prefix + "_covariance");
    ASSERT_EQ(table.names, coefficients.text("term"));
    double estimate = 0, se = 0, z = 0, p = 0, cov = 0;
    for (std::size_t i = 0; i < table.names.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        const std::string what = prefix + " " + table.names[i];
        const double refEstimate = coefficients.numbers("estimate")[i];
        const double refSe = coefficients.numbers("std_error")[i];
        const double refZ = coefficients.numbers("z")[i];
        const double refP = coefficients.numbers("p")[i];
        estimate =
            std::max(estimate, expectClose(table.estimate(row), refEstimate,
                                           regressionTolerance(refEstimate), what + " estimate"));
        se = std::max(se, expectClose(table.standardError(row), refSe, regressionTolerance(refSe),
                                      what + " standard error"));
        z = std::max(z, expectClose(table.z(row), refZ, regressionTolerance(refZ), what + " z"));
        p = std::max(p, expectClose(table.p(row), refP, 1e-6 * refP, what + " p") / refP);
        for (std::size_t j = 0; j < table.names.size(); ++j) {
            const double ref = covariance.numbers(table.names[j])[i];
            cov = std::max(cov, expectClose(table.covariance(row, static_cast<Eigen::Index>(j)),
                                            ref, regressionTolerance(ref), what + " covariance"));
        }
    }
    report(prefix + " estimate", estimate);
    report(prefix + " standard error", se);
    report(prefix + " z", z);
    report(prefix + " p (relative)", p);
    report(prefix + " covariance", cov);
}

/// The message of the rgw::Error thrown by `call`, or "" when it throws none.
template <typename Call> std::string errorOf(Call&& call) {
    try {
        call();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace rgw::test
