#include "modeling/Evaluation.h"

#include "modeling/Scoring.h"
#include "modeling/Validation.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::modeling {

namespace {

/// Decision-curve thresholds 0.01, 0.02, ..., 0.99 (dcurves' default grid).
std::vector<double> decisionThresholds() {
    std::vector<double> out;
    for (int i = 1; i <= 99; ++i)
        out.push_back(i / 100.0);
    return out;
}

/// calibrationSummary, or — when the recalibration fit does not exist
/// (separation, a single distinct probability) — the Brier score alone,
/// BS = (1/n) Σ (pᵢ − yᵢ)², with the reason in `notes`.
stats::CalibrationSummary calibrationOrBrier(const Eigen::VectorXd& p, const Eigen::VectorXd& y,
                                             std::vector<std::string>& notes) {
    try {
        return stats::calibrationSummary(p, y);
    } catch (const Error& e) {
        stats::CalibrationSummary c;
        const double nan = std::nan("");
        c.n = static_cast<std::size_t>(p.size());
        c.brier = (p - y).squaredNorm() / static_cast<double>(p.size());
        c.intercept = c.slope = c.calibrationInTheLarge = nan;
        c.spiegelhalterZ = c.spiegelhalterP = nan;
        std::string why = e.what();
        why = why.substr(0, why.find(" (")); // the reason, without the fitter's advice
        notes.push_back("calibration intercept and slope not estimable: " + why);
        return c;
    }
}

BinaryMetrics binaryMetrics(const Eigen::VectorXd& p, const Eigen::VectorXd& y,
                            const DecisionRule& rule, int groups, std::vector<std::string>& notes) {
    BinaryMetrics m;
    m.roc = stats::rocCurve(p, y);
    m.auc = stats::delongInterval(p, y);
    m.atThreshold = stats::thresholdPerformance(p, y, rule.threshold);
    m.calibration = calibrationOrBrier(p, y, notes);
    // Fewer rows than groups (a small test split): one row per group.
    m.calibrationCurve =
        stats::calibrationCurve(p, y, static_cast<int>(std::min<Eigen::Index>(groups, p.size())));
    m.decisionCurve = stats::decisionCurve(p, y, decisionThresholds());
    return m;
}

MulticlassMetrics multiclassMetrics(const Eigen::MatrixXd& probability, const Outcome& y) {
    MulticlassMetrics m;
    m.classes = y.classes;
    Eigen::VectorXd truth(static_cast<Eigen::Index>(y.classOf.size()));
    for (std::size_t i = 0; i < y.classOf.size(); ++i)
        truth(static_cast<Eigen::Index>(i)) = y.classOf[i];
    m.performance = stats::multiclassPerformance(probability, truth);
    m.meanOneVsRestAuc = m.performance.oneVsRestAuc.mean();
    return m;
}

/// The 25th, 50th and 75th percentiles of the event times (type 7), kept
/// only where AUC(t) is defined: an event at or before t and a subject
/// followed beyond it.
std::vector<double> defaultTimes(const Eigen::VectorXd& time, const Eigen::VectorXd& event) {
    std::vector<double> events;
    for (Eigen::Index i = 0; i < time.size(); ++i)
        if (event(i) == 1)
            events.push_back(time(i));
    std::sort(events.begin(), events.end());
    std::vector<double> out;
    if (events.empty())
        return out;
    const double last = time.maxCoeff();
    for (const double q : {0.25, 0.5, 0.75}) {
        const double h = q * static_cast<double>(events.size() - 1); // R quantile type 7
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, events.size() - 1);
        const double t = events[lo] + (h - static_cast<double>(lo)) * (events[hi] - events[lo]);
        if (t >= events.front() && t < last && (out.empty() || t > out.back()))
            out.push_back(t);
    }
    return out;
}

SurvivalMetrics survivalMetrics(const Eigen::VectorXd& lp, const Outcome& y,
                                const DecisionRule& rule, const EvaluationOptions& options) {
    SurvivalMetrics m;
    m.concordance = stats::harrellConcordance(y.time, y.event, lp);
    for (Eigen::Index i = 0; i < lp.size(); ++i)
        m.riskGroups.push_back(riskGroupOf(rule, lp(i)));
    m.kaplanMeier = stats::kaplanMeierByGroup(y.time, y.event, m.riskGroups);
    if (m.kaplanMeier.size() >= 2)
        m.logRank = stats::logRankTest(y.time, y.event, m.riskGroups);
    const std::vector<double> times =
        options.times.empty() ? defaultTimes(y.time, y.event) : options.times;
    if (!times.empty())
        m.timeDependentAuc = stats::timeDependentAuc(y.time, y.event, lp, times);
    return m;
}

} // namespace

Evaluation evaluatePredictions(const Prediction& prediction, const Outcome& y,
                               const ModelTask& task, const DecisionRule& rule,
                               const EvaluationOptions& options) {
    const Eigen::Index predicted = task.kind == ModelKind::Multinomial
                                       ? prediction.classProbabilities.rows()
                                       : prediction.score.size();
    if (static_cast<std::size_t>(predicted) != y.size())
        throw Error("evaluation: " + std::to_string(predicted) + " predictions for " +
                    std::to_string(y.size()) + " outcomes");
    Evaluation e;
    e.kind = task.kind;
    e.rows = y.size();
    switch (task.kind) {
    case ModelKind::Logistic:
        e.binary =
            binaryMetrics(prediction.score, y.label, rule, options.calibrationGroups, e.notes);
        break;
    case ModelKind::Multinomial:
        e.multiclass = multiclassMetrics(prediction.classProbabilities, y);
        break;
    case ModelKind::Cox:
        e.survival = survivalMetrics(prediction.score, y, rule, options);
        break;
    }
    return e;
}

Prediction outOfFoldPrediction(const ValidationResult& validation, int repeat, Eigen::Index rows,
                               ModelKind kind) {
    Prediction out;
    out.score = Eigen::VectorXd::Constant(rows, std::nan(""));
    Eigen::Index classes = 0;
    for (const FoldResult& f : validation.folds)
        if (f.repeat == repeat)
            classes = std::max(classes, f.prediction.classProbabilities.cols());
    if (kind == ModelKind::Multinomial)
        out.classProbabilities = Eigen::MatrixXd::Constant(rows, classes, std::nan(""));
    for (const FoldResult& f : validation.folds) {
        if (f.repeat != repeat)
            continue;
        for (std::size_t i = 0; i < f.testRows.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(f.testRows[i]);
            const auto at = static_cast<Eigen::Index>(i);
            if (kind == ModelKind::Multinomial) {
                out.classProbabilities.row(row) = f.prediction.classProbabilities.row(at);
                out.score(row) = f.prediction.classProbabilities.row(at).maxCoeff();
            } else {
                out.score(row) = f.prediction.score(at);
            }
        }
    }
    for (Eigen::Index i = 0; i < rows; ++i)
        if (std::isnan(out.score(i)))
            throw Error("cross-validation repeat " + std::to_string(repeat + 1) +
                        " did not test row " + std::to_string(i + 1));
    return out;
}

} // namespace rgw::modeling
