#include "stats/Threshold.h"

#include "util/Error.h"

#include <cmath>
#include <limits>
#include <string>

namespace rgw::stats {

RocPoint youdenThreshold(const Eigen::VectorXd& score, const Eigen::VectorXd& label01) {
    return youdenPoint(rocCurve(score, label01));
}

ThresholdPerformance thresholdPerformance(const Eigen::VectorXd& score,
                                          const Eigen::VectorXd& label01, double threshold) {
    const std::string f = "thresholdPerformance: ";
    if (score.size() != label01.size())
        throw Error(f + std::to_string(score.size()) + " scores but " +
                    std::to_string(label01.size()) + " labels");
    if (score.size() == 0)
        throw Error(f + "no rows");
    if (std::isnan(threshold))
        throw Error(f + "the threshold is not a number");
    ThresholdPerformance out;
    out.threshold = threshold;
    for (Eigen::Index i = 0; i < score.size(); ++i) {
        if (!std::isfinite(score(i)))
            throw Error(f + "score of row " + std::to_string(i + 1) + " is not finite");
        if (label01(i) != 0 && label01(i) != 1)
            throw Error(f + "label of row " + std::to_string(i + 1) + " is " +
                        std::to_string(label01(i)) + ", not 0 or 1");
        const bool positive = score(i) >= threshold; // pROC direction "<"
        if (label01(i) == 1)
            ++(positive ? out.truePositives : out.falseNegatives);
        else
            ++(positive ? out.falsePositives : out.trueNegatives);
    }
    const auto d = [](std::size_t x) { return static_cast<double>(x); };
    const double cases = d(out.truePositives + out.falseNegatives);
    const double controls = d(out.trueNegatives + out.falsePositives);
    if (cases == 0 || controls == 0)
        throw Error(f + "the labels have no " + (cases == 0 ? "positive (1)" : "negative (0)") +
                    " case; sensitivity and specificity need both classes");
    const auto ratio = [](double a, double b) {
        return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN();
    };
    out.sensitivity = d(out.truePositives) / cases;
    out.specificity = d(out.trueNegatives) / controls;
    out.ppv = ratio(d(out.truePositives), d(out.truePositives + out.falsePositives));
    out.npv = ratio(d(out.trueNegatives), d(out.trueNegatives + out.falseNegatives));
    out.accuracy = d(out.truePositives + out.trueNegatives) / (cases + controls);
    return out;
}

MulticlassPerformance multiclassPerformance(const Eigen::MatrixXd& probability,
                                            const Eigen::VectorXd& trueClass) {
    const std::string f = "multiclassPerformance: ";
    const Eigen::Index n = probability.rows(), k = probability.cols();
    if (k < 2)
        throw Error(f + "need probabilities of at least 2 classes, got " + std::to_string(k));
    if (trueClass.size() != n)
        throw Error(f + std::to_string(n) + " rows of probabilities but " +
                    std::to_string(trueClass.size()) + " true classes");
    if (n == 0)
        throw Error(f + "no rows");
    if (!probability.allFinite())
        throw Error(f + "the probabilities contain a non-finite value");
    MulticlassPerformance out;
    out.counts = Eigen::MatrixXd::Zero(k, k);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double c = trueClass(i);
        if (!(c >= 0 && c < static_cast<double>(k)) || c != std::floor(c))
            throw Error(f + "true class of row " + std::to_string(i + 1) + " is " +
                        std::to_string(c) + ", not an integer class 0.." + std::to_string(k - 1));
        Eigen::Index predicted = 0; // first maximum: the lowest class wins a tie (which.max)
        for (Eigen::Index j = 1; j < k; ++j)
            if (probability(i, j) > probability(i, predicted))
                predicted = j;
        out.counts(static_cast<Eigen::Index>(c), predicted) += 1;
    }
    for (Eigen::Index c = 0; c < k; ++c)
        if (out.counts.row(c).sum() == 0)
            throw Error(f + "class " + std::to_string(c) +
                        " never occurs among the true classes; its one-vs-rest AUC is undefined");
    out.accuracy = out.counts.trace() / static_cast<double>(n);
    out.oneVsRestAuc.resize(k);
    for (Eigen::Index c = 0; c < k; ++c) {
        const Eigen::VectorXd isClass =
            trueClass.unaryExpr([c](double v) { return v == static_cast<double>(c) ? 1.0 : 0.0; });
        out.oneVsRestAuc(c) = rocCurve(probability.col(c), isClass).auc;
    }
    return out;
}

} // namespace rgw::stats
