#pragma once

// Gaussian mixture with full, unconstrained covariances (mclust's model
// "VVV") fitted by EM as mclust's me() runs it (Fraley & Raftery 2002; mclust
// Fortran routine mevvv): from initial responsibilities z, an M-step
// (proportions, means, covariances W_k / n_k) then an E-step (responsibilities
// and log-likelihood), repeated until the relative change of the
// log-likelihood |l − l_old| / (1 + |l|) is at most `tolerance` (mclust's
// emControl()$tol[1] = 1e-5). BIC as mclust defines it: 2 logL − p log n,
// higher is better, p = (k − 1) + k d + k d (d + 1) / 2.
//
// Regularisation: mclust without a prior fails on a singular covariance.
// Here `ridge` (default 0 = mclust's estimate) is added to the diagonal of
// every covariance after each M-step; on standardised data (unit variance)
// a ridge of 1e-6 keeps clusters of tied values (quantised CT numbers, a
// saturated PET) estimable while moving the estimate by at most 1e-6 of the
// data's variance. A covariance that is still not positive definite is an
// rgw::Error naming the component.
//
// Results depend on nothing but the inputs: the E-step runs in parallel per
// point, every sum over points runs in row order.

#include <Eigen/Core>
#include <vector>

namespace rgw::stats {

struct GaussianMixture {
    Eigen::VectorXd weights;                  ///< k mixing proportions (sum 1)
    Eigen::MatrixXd means;                    ///< k × d, row c = mean of component c
    std::vector<Eigen::MatrixXd> covariances; ///< k matrices d × d
};

struct EmOptions {
    int maxIterations = 10000; ///< EM iterations at most (mclust: no practical limit)
    double tolerance = 1e-5;   ///< relative log-likelihood change that stops EM
    double ridge = 0.0;        ///< added to every covariance's diagonal (see above)
    unsigned threads = 0;      ///< 0 = all cores; results do not depend on it
};

struct GaussianMixtureFit {
    GaussianMixture model;            ///< parameters of the last M-step
    Eigen::MatrixXd responsibilities; ///< n × k, z of the last E-step
    std::vector<int> cluster;         ///< argmax of each row of z (lowest index on ties)
    double logLikelihood = 0;         ///< of the data under `model`
    double bic = 0;                   ///< 2 logL − parameters log n
    int parameters = 0;               ///< free parameters of a k-component VVV model
    int iterations = 0;               ///< EM iterations run (M + E each)
    bool converged = false;
};

/// Free parameters of a k-component, d-dimensional VVV mixture:
/// (k − 1) + k d + k d (d + 1) / 2 (mclust's nVarParams + k d + k − 1).
int vvvParameterCount(int k, int d);

/// mclust's BIC: 2 logL − parameters · log n.
double mclustBic(double logLikelihood, int parameters, double n);

/// EM from initial responsibilities (n × k, rows summing to 1; hard 0/1
/// assignments are fine), as mclust::me(x, "VVV", z). Throws rgw::Error for
/// mismatched sizes, non-finite data, a component without weight or a
/// covariance that is not positive definite.
GaussianMixtureFit fitGaussianMixture(const Eigen::MatrixXd& x,
                                      const Eigen::MatrixXd& initialResponsibilities,
                                      const EmOptions& options = {});

/// The 0/1 responsibilities of a hard clustering (labels 0 .. k−1).
Eigen::MatrixXd hardResponsibilities(const std::vector<int>& cluster, int k);

} // namespace rgw::stats
