#pragma once

// Choosing a classification threshold on one set of scores and measuring it
// on another (pROC 1.18.0 conventions, direction "<": score >= threshold is
// positive), and the confusion matrix of multiclass probabilities.

#include "stats/Roc.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::stats {

/// Youden's threshold of `score` for labels 0/1, as pROC coords(roc(label,
/// score, levels = c(0, 1), direction = "<"), "best", best.method =
/// "youden", transpose = FALSE): the threshold is pROC's midpoint between
/// consecutive distinct scores; when several tie, the lowest threshold
/// (pROC's first row). = youdenPoint(rocCurve(score, label01)). Throws
/// rgw::Error as rocCurve (lengths, non-finite, labels, a class absent).
RocPoint youdenThreshold(const Eigen::VectorXd& score, const Eigen::VectorXd& label01);

/// A threshold's performance on labelled scores; counts and proportions.
struct ThresholdPerformance {
    double threshold = 0;
    std::size_t truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0;
    double sensitivity = 0; ///< TP / (TP + FN)
    double specificity = 0; ///< TN / (TN + FP)
    double ppv = 0;         ///< TP / (TP + FP); NaN when nothing is called positive (pROC: NaN)
    double npv = 0;         ///< TN / (TN + FN); NaN when nothing is called negative
    double accuracy = 0;    ///< (TP + TN) / n
};

/// Applies `threshold` (e.g. youdenThreshold of training scores) to other
/// scores: score >= threshold is positive, as pROC coords(roc, x = threshold,
/// input = "threshold", ret = c("sensitivity", "specificity", "ppv", "npv",
/// "accuracy", "tp", "fp", "tn", "fn")) with direction "<". Throws rgw::Error
/// for different lengths, no rows, non-finite scores or threshold (±Inf are
/// allowed: call everything positive / negative), labels other than 0/1 and
/// a class absent.
ThresholdPerformance thresholdPerformance(const Eigen::VectorXd& score,
                                          const Eigen::VectorXd& label01, double threshold);

/// Multiclass confusion matrix and one-vs-rest AUCs.
struct MulticlassPerformance {
    /// counts(true class, predicted class), K × K.
    Eigen::MatrixXd counts;
    /// AUC of probability column k for class k against all others (rocCurve,
    /// pROC's auc(roc(class == k, prob[, k], direction = "<"))).
    Eigen::VectorXd oneVsRestAuc;
    double accuracy = 0; ///< trace(counts) / n
};

/// Confusion matrix of n × K class probabilities against true classes
/// 0..K−1: predicted class = argmax of the row, ties broken by the lowest
/// class index (R's which.max); with one-vs-rest AUCs of each column. Throws
/// rgw::Error for fewer than 2 columns, a class vector of another length, no
/// rows, non-finite probabilities, a class that is not an integer in
/// [0, K), and a class absent from the true classes (its AUC is undefined).
MulticlassPerformance multiclassPerformance(const Eigen::MatrixXd& probability,
                                            const Eigen::VectorXd& trueClass);

} // namespace rgw::stats
