#pragma once

// Unpenalised multinomial (baseline-category) logistic regression by
// Newton–Raphson: log(P(y = k) / P(y = 0)) = β_k0 + x·β_k for k = 1 .. K-1,
// the parametrisation of R's nnet::multinom, with Wald standard errors from
// the inverse of the observed information.

#include "stats/CoefficientTable.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

struct MultinomialOptions {
    int maxIterations = 50;
    double tolerance = 1e-12; ///< relative change of the log-likelihood
};

struct MultinomialFit {
    /// One table per class 1 .. K-1 against class 0, "(Intercept)" first.
    std::vector<CoefficientTable> coefficients;
    double logLikelihood = 0;
    int iterations = 0;
};

/// Fits the model to x (n × p, no intercept column) and the class 0 .. K-1 of
/// each row. Throws rgw::Error for non-finite values, a class without rows,
/// fewer rows than parameters, a singular information matrix (a constant or
/// collinear predictor) and separation (estimates that grow without bound).
MultinomialFit fitMultinomial(const Eigen::MatrixXd& x, const std::vector<int>& classOf,
                              int classCount, const std::vector<std::string>& names,
                              const MultinomialOptions& options = {});

/// Class probabilities (n × K) of new rows under a fit.
Eigen::MatrixXd predictMultinomial(const MultinomialFit& fit, const Eigen::MatrixXd& x);

} // namespace rgw::stats
