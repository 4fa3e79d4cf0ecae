#include "ModelJson.h"

#include <QJsonArray>
#include <cmath>
#include <cstdio>

namespace rgw::cli {

namespace {

using modeling::BinaryMetrics;
using modeling::MulticlassMetrics;
using modeling::SurvivalMetrics;

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

/// JSON has no NaN: a number that is not finite is null.
QJsonValue number(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

void addBinary(QJsonObject& out, const BinaryMetrics& m) {
    out["auc"] = m.auc.auc;
    out["ci_lower"] = m.auc.lower;
    out["ci_upper"] = m.auc.upper;
    out["threshold"] = number(m.atThreshold.threshold);
    out["sensitivity"] = m.atThreshold.sensitivity;
    out["specificity"] = m.atThreshold.specificity;
    out["ppv"] = number(m.atThreshold.ppv);
    out["npv"] = number(m.atThreshold.npv);
    out["accuracy"] = m.atThreshold.accuracy;
    out["brier"] = m.calibration.brier;
    out["calibration_intercept"] = number(m.calibration.intercept);
    out["calibration_slope"] = number(m.calibration.slope);
    out["calibration_in_the_large"] = number(m.calibration.calibrationInTheLarge);
    QJsonArray curve;
    for (const auto& bin : m.calibrationCurve)
        curve.append(QJsonObject{{"n", qint64(bin.n)},
                                 {"mean_predicted", bin.meanPredicted},
                                 {"observed", bin.observed},
                                 {"lower", bin.lower},
                                 {"upper", bin.upper}});
    out["calibration_curve"] = curve;
    QJsonArray decision;
    for (const auto& nb : m.decisionCurve)
        decision.append(QJsonObject{{"threshold", nb.threshold},
                                    {"model", nb.model},
                                    {"treat_all", nb.treatAll},
                                    {"treat_none", nb.treatNone}});
    out["decision_curve"] = decision;
}

void addMulticlass(QJsonObject& out, const MulticlassMetrics& m) {
    QJsonObject auc;
    QJsonArray confusion;
    for (std::size_t k = 0; k < m.classes.size(); ++k) {
        const auto i = static_cast<Eigen::Index>(k);
        auc[q(m.classes[k])] = m.performance.oneVsRestAuc(i);
        QJsonObject row;
        for (std::size_t j = 0; j < m.classes.size(); ++j)
            row[q(m.classes[j])] = m.performance.counts(i, static_cast<Eigen::Index>(j));
        confusion.append(QJsonObject{{"true_class", q(m.classes[k])}, {"predicted", row}});
    }
    out["one_vs_rest_auc"] = auc;
    out["mean_ovr_auc"] = m.meanOneVsRestAuc;
    out["accuracy"] = m.performance.accuracy;
    out["confusion"] = confusion;
}

void addSurvival(QJsonObject& out, const SurvivalMetrics& m) {
    out["c_index"] = m.concordance.cIndex;
    out["se"] = m.concordance.standardError;
    out["c_index_ci_lower"] = m.concordance.lower;
    out["c_index_ci_upper"] = m.concordance.upper;
    if (m.logRank)
        out["logrank"] = QJsonObject{
            {"chisq", m.logRank->chiSquared}, {"df", m.logRank->df}, {"p", m.logRank->p}};
    QJsonObject groups;
    for (const auto& curve : m.kaplanMeier) {
        std::size_t n = 0, events = 0;
        for (const auto& row : curve.rows)
            events += row.events;
        if (!curve.rows.empty())
            n = curve.rows.front().atRisk;
        groups[q(curve.group)] = QJsonObject{{"n", qint64(n)},
                                             {"events", qint64(events)},
                                             {"median_survival", number(curve.medianSurvival)}};
    }
    out["risk_groups"] = groups;
    QJsonArray td;
    for (const auto& t : m.timeDependentAuc)
        td.append(QJsonObject{{"time", t.time}, {"auc", t.auc}});
    out["time_dependent_auc"] = td;
}

} // namespace

QJsonObject toJson(const modeling::Evaluation& e) {
    QJsonObject out{{"rows", qint64(e.rows)}};
    if (e.binary)
        addBinary(out, *e.binary);
    if (e.multiclass)
        addMulticlass(out, *e.multiclass);
    if (e.survival)
        addSurvival(out, *e.survival);
    if (!e.notes.empty()) {
        QJsonArray notes;
        for (const auto& n : e.notes)
            notes.append(q(n));
        out["notes"] = notes;
    }
    return out;
}

QJsonObject toJson(const modeling::OptimismResult& o) {
    QJsonObject out;
    for (const auto& index : o.indices)
        out[q(index.name)] = QJsonObject{{"apparent", number(index.apparent)},
                                         {"optimism", number(index.optimism)},
                                         {"corrected", number(index.corrected)},
                                         {"resamples", index.used}};
    out["failed_resamples"] = o.failedResamples;
    return out;
}

QJsonObject toJson(const modeling::ScoringResult& s) {
    QJsonArray scored, refused;
    for (const auto& p : s.scored) {
        QJsonObject row{{"patient_id", q(p.patientId)}, {"score", p.score}};
        if (!p.predictedClass.empty())
            row["class"] = q(p.predictedClass);
        if (!p.riskGroup.empty())
            row["risk_group"] = q(p.riskGroup);
        if (!p.classProbabilities.empty()) {
            QJsonArray probabilities;
            for (const double v : p.classProbabilities)
                probabilities.append(v);
            row["class_probabilities"] = probabilities;
        }
        if (!p.imputed.empty()) {
            QJsonArray imputed;
            for (const auto& f : p.imputed)
                imputed.append(q(f));
            row["imputed"] = imputed;
        }
        scored.append(row);
    }
    for (const auto& r : s.refused)
        refused.append(QJsonObject{{"patient_id", q(r.patientId)}, {"reason", q(r.reason)}});
    return QJsonObject{{"model_id", q(s.modelId)}, {"scored", scored}, {"refused", refused}};
}

void printEvaluation(const modeling::Evaluation& e) {
    if (e.binary) {
        const BinaryMetrics& m = *e.binary;
        std::printf("  AUC %.4f [%.4f, %.4f] (DeLong 95%% CI), %zu rows\n", m.auc.auc, m.auc.lower,
                    m.auc.upper, e.rows);
        std::printf("  at threshold %.4g (Youden, chosen on training data): sensitivity %.3f, "
                    "specificity %.3f, accuracy %.3f\n",
                    m.atThreshold.threshold, m.atThreshold.sensitivity, m.atThreshold.specificity,
                    m.atThreshold.accuracy);
        if (std::isfinite(m.calibration.slope))
            std::printf("  Brier %.4f, calibration intercept %.3f, slope %.3f\n",
                        m.calibration.brier, m.calibration.intercept, m.calibration.slope);
        else
            std::printf("  Brier %.4f\n", m.calibration.brier);
    }
    if (e.multiclass) {
        const MulticlassMetrics& m = *e.multiclass;
        std::printf("  mean one-vs-rest AUC %.4f, accuracy %.3f, %zu rows\n", m.meanOneVsRestAuc,
                    m.performance.accuracy, e.rows);
        for (std::size_t k = 0; k < m.classes.size(); ++k)
            std::printf("    %-20s AUC %.4f\n", m.classes[k].c_str(),
                        m.performance.oneVsRestAuc(static_cast<Eigen::Index>(k)));
    }
    if (e.survival) {
        const SurvivalMetrics& m = *e.survival;
        std::printf("  Harrell's C %.4f (SE %.4f, 95 %% CI %.4f-%.4f), %zu rows\n",
                    m.concordance.cIndex, m.concordance.standardError, m.concordance.lower,
                    m.concordance.upper, e.rows);
        if (m.logRank)
            std::printf("  risk groups: log-rank chi2 %.3f, df %d, p %.3g\n", m.logRank->chiSquared,
                        m.logRank->df, m.logRank->p);
        for (const auto& t : m.timeDependentAuc)
            std::printf("  AUC(t = %g) %.4f\n", t.time, t.auc);
    }
    for (const auto& n : e.notes)
        std::printf("  note: %s\n", n.c_str());
}

void printOptimism(const modeling::OptimismResult& o) {
    std::printf("Bootstrap optimism correction (Harrell; %d failed resamples):\n",
                o.failedResamples);
    for (const auto& index : o.indices)
        std::printf("  %-24s apparent %8.4f  optimism %8.4f  corrected %8.4f\n", index.name.c_str(),
                    index.apparent, index.optimism, index.corrected);
}

void printRefused(const modeling::ScoringResult& s) {
    if (s.refused.empty())
        return;
    std::printf("%zu patient%s not scored:\n", s.refused.size(), s.refused.size() == 1 ? "" : "s");
    for (const auto& r : s.refused)
        std::printf("  %s: %s\n", r.patientId.c_str(), r.reason.c_str());
}

} // namespace rgw::cli
