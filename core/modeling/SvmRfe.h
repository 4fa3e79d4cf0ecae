#pragma once

// Recursive feature elimination with a linear support vector machine
// (Guyon, Weston, Barnhill & Vapnik 2002, "Gene selection for cancer
// classification using support vector machines", Machine Learning 46):
// fit, drop the features with the smallest w_j², refit on the rest.

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::modeling {

/// The weight vector w = Σ_i α_i y_i x_i of libsvm's linear C-SVC (eps 1e-3,
/// shrinking, as e1071::svm(kernel = "linear", scale = FALSE, cost = cost):
/// t(coefs) %*% SV) on the rows of x with labels 0/1. Its sign follows
/// libsvm's first label (the label of row 1); w² does not depend on it.
/// Throws rgw::Error for cost <= 0 or non-finite, sizes disagreeing,
/// non-finite x, labels other than 0/1 or a single class.
Eigen::VectorXd linearSvmWeights(const Eigen::MatrixXd& x, const Eigen::VectorXd& label01,
                                 double cost);

struct SvmRfeResult {
    /// Columns in the order they were eliminated (least important first).
    std::vector<Eigen::Index> eliminated;
    /// The `keep` columns left, ascending.
    std::vector<Eigen::Index> kept;
};

/// SVM-RFE on a binary outcome: while more than `keep` features remain, fit
/// linearSvmWeights on them and eliminate the one with the smallest w²
/// (share == 0; ties: the lower column) or the floor(share × remaining)
/// smallest (at least 1, never below keep; 0 < share < 1), in ascending w²
/// order. Throws rgw::Error for keep < 1 or > columns, share outside
/// [0, 1), a multiclass or survival outcome, fewer than 2 rows per class, and
/// as linearSvmWeights.
SvmRfeResult svmRfe(const Eigen::MatrixXd& x, const Outcome& y, int keep, double cost = 1.0,
                    double share = 0.0);

} // namespace rgw::modeling
