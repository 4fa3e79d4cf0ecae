#include "ReportResults.h"

#include "CohortAnalysisTable.h"
#include "ModelRepository.h"
#include "ReportAssociations.h"
#include "modeling/ModelCoefficients.h"
#include "modeling/ModelEvaluation.h"
#include "modeling/ModelNomogram.h"
#include "modeling/TaskData.h"
#include "report/NumberFormat.h"
#include "report/StudyReportAnchors.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace rgw::storage {
namespace {

using report::Align;
using report::formatP;
using report::metricText;
using report::withInterval;

void throwIfCancelled(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
}

std::string cohortReference(const CohortRow& cohort) {
    return cohort.name + "@" + std::to_string(cohort.version);
}

/// A nomogram tick label: up to 4 significant digits (as the GUI's nomogram).
/// report::formatNumber, so that an axis does not mix "9000" with "1e+04".
std::string tickText(double value) {
    return report::formatNumber(value, 4);
}

std::string measureName(const std::string& measure) {
    if (measure == "auc")
        return "AUC";
    if (measure == "c_index")
        return "Harrell's C";
    if (measure == "mean_ovr_auc")
        return "mean one-vs-rest AUC";
    return measure;
}

/// "logistic regression (ridge, λ 0.012)" or "random-forest".
std::string learnerText(const modeling::TrainedModel& m) {
    const auto& p = m.pipeline;
    if (p.algorithm)
        return std::string(modeling::learnerKindName(p.algorithm->kind)) + " (" +
               modeling::modelKindName(m.task.kind) + " outcome)";
    const bool cox = m.task.kind == modeling::ModelKind::Cox;
    std::string text =
        std::string(cox ? "Cox" : modeling::modelKindName(m.task.kind)) + " regression, " +
        (p.spec.learner.penalty == modeling::Penalty::None
             ? std::string("unpenalised")
             : std::string(modeling::penaltyName(p.spec.learner.penalty)) + " penalty");
    if (p.spec.learner.penalty != modeling::Penalty::None)
        text += ", \u03bb " + metricText(p.model.lambda);
    if (p.radScore)
        text += "; rad-score + clinical model";
    return text;
}

std::string outcomeText(const modeling::TrainedModel& m) {
    if (m.task.kind == modeling::ModelKind::Cox)
        return "time " + m.task.time + ", event " + m.task.event;
    std::string text = m.task.target;
    if (m.task.kind == modeling::ModelKind::Logistic && m.task.classes.size() == 2)
        text += " (event: " + m.task.classes[1] + ")";
    return text;
}

/// The event of a logistic model: "mut_EGFR = 1".
std::string eventText(const modeling::TrainedModel& m) {
    return m.task.classes.size() == 2 ? m.task.target + " = " + m.task.classes[1] : "the event";
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

report::Table metricsTable(std::string anchor, std::string caption) {
    report::Table t;
    t.anchor = std::move(anchor);
    t.caption = std::move(caption);
    t.header = {"Measure", "Value"};
    t.align = {Align::Left, Align::Right};
    return t;
}

// ---- binary -----------------------------------------------------------------

report::Figure rocFigure(const std::string& anchor, const std::string& name,
                         const modeling::BinaryMetrics& b) {
    report::XYPlot plot;
    plot.xLabel = "1 \u2212 specificity";
    plot.yLabel = "Sensitivity";
    plot.xRange = report::AxisRange{0, 1};
    plot.yRange = report::AxisRange{0, 1};
    report::PlotSeries curve;
    curve.label = "Model";
    // Points are in ascending threshold order: from (1, 1) down to (0, 0).
    for (auto it = b.roc.points.rbegin(); it != b.roc.points.rend(); ++it) {
        curve.x.push_back(1.0 - it->specificity);
        curve.y.push_back(it->sensitivity);
    }
    plot.series.push_back(std::move(curve));
    report::PlotSeries chance;
    chance.label = "Chance";
    chance.style = report::LineStyle::Dashed;
    chance.x = {0, 1};
    chance.y = {0, 1};
    plot.series.push_back(std::move(chance));
    report::PlotSeries cut;
    cut.label = "Training threshold " + metricText(b.atThreshold.threshold);
    cut.kind = report::SeriesKind::Points;
    cut.x = {1.0 - b.atThreshold.specificity};
    cut.y = {b.atThreshold.sensitivity};
    plot.series.push_back(std::move(cut));
    plot.annotations.push_back("AUC " + withInterval(b.auc.auc, b.auc.lower, b.auc.upper) +
                               ", DeLong");
    plot.annotations.push_back(std::to_string(b.roc.positives) + " events, " +
                               std::to_string(b.roc.negatives) + " non-events");
    return {anchor, "ROC curve of model " + name + " on the held-out test split.", plot, 0.6, 1.0};
}

report::Figure calibrationFigure(const std::string& anchor, const std::string& name,
                                 const modeling::BinaryMetrics& b) {
    report::XYPlot plot;
    plot.xLabel = "Predicted probability";
    plot.yLabel = "Observed fraction";
    plot.xRange = report::AxisRange{0, 1};
    plot.yRange = report::AxisRange{0, 1};
    report::PlotSeries ideal;
    ideal.label = "Ideal";
    ideal.style = report::LineStyle::Dashed;
    ideal.x = {0, 1};
    ideal.y = {0, 1};
    plot.series.push_back(std::move(ideal));
    report::PlotSeries curve;
    curve.label = "Groups of predicted risk (Wilson 95 % CI)";
    for (const auto& bin : b.calibrationCurve) {
        curve.x.push_back(bin.meanPredicted);
        curve.y.push_back(bin.observed);
        curve.yLower.push_back(bin.lower);
        curve.yUpper.push_back(bin.upper);
    }
    plot.series.push_back(std::move(curve));
    plot.annotations.push_back("Calibration intercept " + metricText(b.calibration.intercept) +
                               ", slope " + metricText(b.calibration.slope));
    plot.annotations.push_back("Brier score " + metricText(b.calibration.brier));
    return {anchor,
            "Calibration of model " + name +
                " on the held-out test split: observed fraction of events per group of "
                "predicted risk with Wilson 95 % intervals.",
            plot, 0.6, 1.0};
}

report::Figure decisionCurveFigure(const std::string& anchor, const std::string& name,
                                   const modeling::BinaryMetrics& b) {
    report::XYPlot plot;
    plot.xLabel = "Threshold probability";
    plot.yLabel = "Net benefit";
    report::PlotSeries model, all, none;
    model.label = "Model";
    all.label = "Treat all";
    all.style = report::LineStyle::Dashed;
    none.label = "Treat none";
    none.style = report::LineStyle::Dotted;
    double top = 0.05;
    for (const auto& nb : b.decisionCurve) {
        model.x.push_back(nb.threshold);
        model.y.push_back(nb.model);
        all.x.push_back(nb.threshold);
        all.y.push_back(nb.treatAll);
        none.x.push_back(nb.threshold);
        none.y.push_back(nb.treatNone);
        top = std::max({top, nb.model, nb.treatAll});
    }
    plot.series = {std::move(model), std::move(all), std::move(none)};
    plot.xRange = report::AxisRange{0, 1};
    // Treat all falls without bound at high thresholds; dcurves clips at −0.05.
    plot.yRange = report::AxisRange{-0.05, top * 1.05};
    return {anchor, "Decision curve of model " + name + " on the held-out test split.", plot, 0.6,
            0.75};
}

void appendBinary(report::Section& s, const std::string& a, const std::string& name,
                  const modeling::TrainedModel& m, const modeling::BinaryMetrics& b) {
    report::Table t = metricsTable(a + "-metrics",
                                   "Performance of model " + name + " on the held-out test split.");
    const std::string event = eventText(m);
    t.rows = {
        {"Events / non-events",
         std::to_string(b.roc.positives) + " / " + std::to_string(b.roc.negatives)},
        {"AUC (95 % CI, DeLong)", withInterval(b.auc.auc, b.auc.lower, b.auc.upper)},
        {"Threshold (chosen on training data)", metricText(b.atThreshold.threshold)},
        {"Sensitivity at the threshold", metricText(b.atThreshold.sensitivity)},
        {"Specificity at the threshold", metricText(b.atThreshold.specificity)},
        {"Brier score", metricText(b.calibration.brier)},
        {"Calibration intercept", metricText(b.calibration.intercept)},
        {"Calibration slope", metricText(b.calibration.slope)},
    };
    t.notes.push_back("Predictions are the probability of " + event +
                      "; the threshold is Youden's J on the out-of-fold training predictions.");
    s.blocks.push_back(std::move(t));
    s.blocks.push_back(rocFigure(a + "-roc", name, b));
    s.blocks.push_back(calibrationFigure(a + "-calibration", name, b));
    s.blocks.push_back(decisionCurveFigure(a + "-decision-curve", name, b));
}

// ---- multinomial --------------------------------------------------------------

void appendMulticlass(report::Section& s, const std::string& a, const std::string& name,
                      const modeling::MulticlassMetrics& mc) {
    report::Table aucs;
    aucs.anchor = a + "-auc";
    aucs.caption = "One-vs-rest AUC of model " + name + " per class on the held-out test split.";
    aucs.header = {"Class", "AUC (one vs rest)"};
    aucs.align = {Align::Left, Align::Right};
    for (std::size_t k = 0; k < mc.classes.size(); ++k)
        aucs.rows.push_back(
            {mc.classes[k], metricText(mc.performance.oneVsRestAuc(static_cast<Eigen::Index>(k)))});
    aucs.rows.push_back({"Mean", metricText(mc.meanOneVsRestAuc)});
    aucs.notes.push_back("Accuracy (most probable class) " + metricText(mc.performance.accuracy) +
                         ".");
    s.blocks.push_back(std::move(aucs));

    report::Table confusion;
    confusion.anchor = a + "-confusion";
    confusion.caption = "Confusion matrix of model " + name +
                        " on the held-out test split (rows: observed class; columns: "
                        "predicted class, the most probable).";
    confusion.header = {"Observed \\ predicted"};
    confusion.align = {Align::Left};
    for (const auto& c : mc.classes) {
        confusion.header.push_back(c);
        confusion.align.push_back(Align::Right);
    }
    for (std::size_t r = 0; r < mc.classes.size(); ++r) {
        std::vector<std::string> row{mc.classes[r]};
        for (std::size_t c = 0; c < mc.classes.size(); ++c)
            row.push_back(std::to_string(static_cast<long long>(std::llround(mc.performance.counts(
                static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c))))));
        confusion.rows.push_back(std::move(row));
    }
    s.blocks.push_back(std::move(confusion));
}

// ---- survival -------------------------------------------------------------------

std::string logRankText(const stats::LogRankTest& lr) {
    return "Log-rank \u03c7\u00b2 " + metricText(lr.chiSquared) + " (df " + std::to_string(lr.df) +
           "), p " + (lr.p < 0.001 ? formatP(lr.p) : "= " + formatP(lr.p));
}

report::Figure kaplanMeierFigure(const std::string& anchor, const std::string& name,
                                 const modeling::SurvivalMetrics& sv) {
    report::XYPlot plot;
    plot.xLabel = "Time";
    plot.yLabel = "Survival probability";
    plot.yRange = report::AxisRange{0, 1};
    for (const auto& curve : sv.kaplanMeier) {
        report::PlotSeries s;
        s.label = curve.group + " risk";
        s.kind = report::SeriesKind::Steps;
        s.x.push_back(0);
        s.y.push_back(1);
        for (const auto& row : curve.rows) {
            s.x.push_back(row.time);
            s.y.push_back(row.survival);
            if (row.censored > 0)
                s.tickX.push_back(row.time);
        }
        plot.series.push_back(std::move(s));
    }
    if (sv.logRank)
        plot.annotations.push_back(logRankText(*sv.logRank));
    plot.annotations.push_back("Harrell's C " + withInterval(sv.concordance.cIndex,
                                                             sv.concordance.lower,
                                                             sv.concordance.upper));
    return {anchor,
            "Kaplan\u2013Meier survival of the held-out test split by the risk group model " +
                name + " predicts (cut-offs chosen on training data); ticks mark censoring.",
            plot, 0.7, 0.7};
}

void appendSurvival(report::Section& s, const std::string& a, const std::string& name,
                    const modeling::SurvivalMetrics& sv) {
    report::Table t = metricsTable(a + "-metrics",
                                   "Performance of model " + name + " on the held-out test split.");
    const auto& c = sv.concordance;
    t.rows.push_back({"Harrell's C (95 % CI)", withInterval(c.cIndex, c.lower, c.upper)});
    if (sv.logRank) {
        t.rows.push_back({"Log-rank \u03c7\u00b2 (df)", metricText(sv.logRank->chiSquared) + " (" +
                                                            std::to_string(sv.logRank->df) + ")"});
        t.rows.push_back({"Log-rank p", formatP(sv.logRank->p)});
    }
    s.blocks.push_back(std::move(t));
    s.blocks.push_back(kaplanMeierFigure(a + "-km", name, sv));
    if (!sv.timeDependentAuc.empty()) {
        report::Table td;
        td.anchor = a + "-td-auc";
        td.caption = "Time-dependent AUC (cumulative cases, dynamic controls, IPCW) of model " +
                     name + " on the held-out test split.";
        td.header = {"Time", "AUC", "Cases", "Controls"};
        td.align = {Align::Right, Align::Right, Align::Right, Align::Right};
        for (const auto& t2 : sv.timeDependentAuc)
            td.rows.push_back({tickText(t2.time), metricText(t2.auc), std::to_string(t2.cases),
                               std::to_string(t2.controls)});
        s.blocks.push_back(std::move(td));
    }
}

// ---- coefficients and nomogram ----------------------------------------------------

void appendCoefficients(report::Section& s, const std::string& a, const std::string& name,
                        const modeling::TrainedModel& m, const modeling::ModelCoefficients& c) {
    report::Table t;
    t.anchor = a + "-coefficients";
    t.notes = c.notes;
    if (!c.linear) {
        t.caption = "Feature importance of model " + name + " (share of the total).";
        t.header = {"Feature", "Importance"};
        t.align = {Align::Left, Align::Right};
        std::vector<std::size_t> order(c.importance.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return c.importance[x] > c.importance[y];
        });
        for (const std::size_t i : order)
            t.rows.push_back({i < c.importanceFeatures.size() ? c.importanceFeatures[i]
                                                              : "feature " + std::to_string(i + 1),
                              metricText(c.importance[i])});
        if (c.importance.empty())
            t.notes.push_back("This learner has no intrinsic feature importance.");
        s.blocks.push_back(std::move(t));
        return;
    }
    // Per unit of an input in mm³ or HU a coefficient can be 0.0001: at the
    // metrics' 3 decimals it printed "0.000" for a term the model uses. Such a
    // value keeps 3 significant digits; zero (a term lasso dropped) stays "0.000".
    const auto coefficientText = [](double v) {
        return std::isfinite(v) && v != 0 && std::fabs(v) < 0.0005 ? report::formatNumber(v, 3)
                                                                   : metricText(v);
    };
    const bool cox = m.task.kind == modeling::ModelKind::Cox;
    const bool multinomial = m.task.kind == modeling::ModelKind::Multinomial;
    const std::string ratio = cox ? "Hazard ratio" : "Odds ratio";
    const std::string scale = c.originalScale ? "per unit of each input" : "per SD";
    t.caption = "Coefficients of model " + name + " (" + scale + ")" +
                (multinomial ? "." : " with " + std::string(cox ? "hazard" : "odds") + " ratios.");
    const bool withSe = !c.sets.empty() && !c.sets.front().standardError.empty();
    if (multinomial) {
        t.header = {"Class", "Term", "Coefficient"};
        t.align = {Align::Left, Align::Left, Align::Right};
    } else if (withSe) {
        t.header = {"Term", "Coefficient", "SE", ratio + " (95 % CI)", "p"};
        t.align = {Align::Left, Align::Right, Align::Right, Align::Right, Align::Right};
    } else {
        t.header = {"Term", "Coefficient", ratio + " (exp(coefficient))"};
        t.align = {Align::Left, Align::Right, Align::Right};
    }
    for (const auto& set : c.sets)
        for (std::size_t i = 0; i < set.names.size(); ++i) {
            const bool intercept = set.names[i] == "(Intercept)";
            if (multinomial)
                t.rows.push_back({set.label, set.names[i], coefficientText(set.estimate[i])});
            else if (withSe)
                t.rows.push_back(
                    {set.names[i], coefficientText(set.estimate[i]),
                     coefficientText(set.standardError[i]),
                     intercept ? ""
                               : withInterval(set.ratio[i], set.ratioLower[i], set.ratioUpper[i]),
                     formatP(set.p[i])});
            else
                t.rows.push_back({set.names[i], coefficientText(set.estimate[i]),
                                  intercept ? "" : metricText(set.ratio[i])});
        }
    if (withSe)
        t.notes.push_back("Wald standard errors and 95 % intervals of the unpenalised maximum-"
                          "likelihood fit on the training rows.");
    s.blocks.push_back(std::move(t));
}

report::NomogramPlot nomogramPlot(const modeling::Nomogram& n, const modeling::TrainedModel& m,
                                  const std::vector<double>& probabilities) {
    report::NomogramPlot plot;
    plot.points.title = "Points";
    for (int p = 0; p <= 100; p += 10)
        plot.points.ticks.push_back({double(p), std::to_string(p)});
    for (const auto& axis : n.axes()) {
        report::NomogramPlot::Axis out{axis.name, {}};
        for (const auto& tick : axis.ticks)
            out.ticks.push_back({tick.points, tickText(tick.value)});
        plot.predictors.push_back(std::move(out));
    }
    plot.totalPoints.title = "Total Points";
    for (const double t : n.totalPointsTicks())
        plot.totalPoints.ticks.push_back({t, tickText(t)});
    report::NomogramPlot::Axis lp{"Linear Predictor", {}};
    for (const auto& tick : n.lpTicks())
        lp.ticks.push_back({tick.points, tickText(tick.value)});
    plot.outcomes.push_back(std::move(lp));
    auto outcomeAxis = [](std::string title, const std::vector<modeling::NomogramTick>& ticks) {
        report::NomogramPlot::Axis out{std::move(title), {}};
        for (const auto& tick : ticks)
            out.ticks.push_back({tick.points, tickText(tick.value)});
        return out;
    };
    if (n.link() == modeling::NomogramModel::Link::Logistic) {
        const std::string event = eventText(m);
        plot.outcomes.push_back(
            outcomeAxis("Probability of " + event, n.probabilityTicks(probabilities)));
    } else {
        for (const auto& b : n.model().baseline)
            plot.outcomes.push_back(outcomeAxis("Survival at t = " + tickText(b.time),
                                                n.survivalTicks(probabilities, b.time)));
    }
    return plot;
}

void appendNomogram(report::Section& s, const std::string& a, const std::string& name,
                    const modeling::TrainedModel& m, const stats::DataTable& table,
                    const std::optional<modeling::Evaluation>& test,
                    const std::vector<double>& probabilities) {
    // Survival axes at the times of the time-dependent AUC, as the GUI draws them.
    std::vector<double> times;
    if (test && test->survival)
        for (const auto& t : test->survival->timeDependentAuc)
            times.push_back(t.time);
    const modeling::ModelNomogram nm = modeling::nomogramOfModel(m, table, times);
    if (!nm.model) {
        s.blocks.push_back(
            report::Paragraph{"No nomogram is drawn for model " + name + ": " + nm.whyNot});
        return;
    }
    const modeling::Nomogram nomogram(*nm.model);
    report::Figure f{
        a + "-nomogram",
        "Nomogram of model " + name + ": each input's points, their total, and the predicted " +
            (m.task.kind == modeling::ModelKind::Cox ? "survival" : "probability") + ".",
        nomogramPlot(nomogram, m, probabilities), 1.0, 0.6};
    s.blocks.push_back(std::move(f));
}

// ---- one model ----------------------------------------------------------------------

bool hasTestRows(const stats::DataTable& table) {
    if (!table.has(modeling::kSplitColumn))
        return false;
    const auto& split = table.text(modeling::kSplitColumn);
    return std::find(split.begin(), split.end(), "test") != split.end();
}

/// The cohort's analysis tables read so far, by the parameter set of their features.
using TableCache = std::map<std::string, CohortAnalysisTable>;

report::Section modelSection(Database& db, const std::string& cohort, const StoredModel& stored,
                             std::size_t number, const ResultsOptions& options,
                             TableCache& tables) {
    const modeling::TrainedModel m = loadStoredModel(db, stored);
    const std::string a = modelAnchor(number);
    const std::string name = "\u201c" + m.name + "\u201d";
    report::Section s;
    s.level = 2;
    s.anchor = a;
    s.title = "Model " + std::to_string(number) + ": " + m.name;
    const auto& features = m.pipeline.inputFeatures;
    s.blocks.push_back(report::DefinitionList{{
        {"Model id", stored.modelId.substr(0, 12)},
        {"Outcome", outcomeText(m)},
        {"Learner", learnerText(m)},
        {"Inputs (" + std::to_string(features.size()) + ")", joined(features)},
        {"Trained", m.createdUtc + " with rgw " + m.softwareVersion},
        {"Training rows", std::to_string(m.training.members.size())},
    }});
    const auto& v = m.validation;
    s.blocks.push_back(report::Paragraph{
        "Cross-validated " + measureName(v.measure) + " (training split, " +
        std::to_string(v.folds) + " folds \u00d7 " + std::to_string(v.repeats) + " repeats, seed " +
        std::to_string(v.seed) + "): " + report::meanSdText(v.mean, v.sd) +
        " (mean \u00b1 SD over repeats)."});

    // Models of the same parameter set read the same table: read it once.
    const std::string& set = m.training.parameterSetHash;
    auto cached = tables.find(set);
    if (cached == tables.end()) {
        try {
            cached =
                tables.emplace(set, modelAnalysisTable(db, cohort, m, std::nullopt, options.cancel))
                    .first;
        } catch (const Error& e) {
            throwIfCancelled(options.cancel);
            s.blocks.push_back(report::Paragraph{"The analysis table of cohort " + cohort +
                                                 " for this model could not be read (" + e.what() +
                                                 "), so only the cross-validated performance is "
                                                 "reported."});
            return s;
        }
    }
    const CohortAnalysisTable* input = &cached->second;
    std::optional<modeling::Evaluation> test;
    if (!hasTestRows(input->table)) {
        s.blocks.push_back(report::Paragraph{
            "Cohort " + cohort +
            " has no held-out test split, so the cross-validated performance above is the "
            "model's only performance estimate."});
    } else {
        try {
            const modeling::ModelEvaluation e =
                modeling::evaluateModel(m, input->table, {input->provenance.parameterSetHash});
            test = e.evaluation;
            std::string text = "Held-out test split: " + std::to_string(e.evaluation.rows) +
                               " patients scored as new patients are, with the decision rule "
                               "chosen on the training data";
            if (!e.scoring.refused.empty())
                text +=
                    "; " + std::to_string(e.scoring.refused.size()) + " refused for missing inputs";
            if (e.rowsWithoutResponse != 0)
                text += "; " + std::to_string(e.rowsWithoutResponse) + " without the outcome";
            s.blocks.push_back(report::Paragraph{text + "."});
            if (e.rowsThatTrainedTheModel != 0)
                s.blocks.push_back(report::Paragraph{
                    "Warning: " + std::to_string(e.rowsThatTrainedTheModel) +
                    " of these patients trained the model; their performance is optimistic."});
            if (e.evaluation.binary)
                appendBinary(s, a, name, m, *e.evaluation.binary);
            if (e.evaluation.multiclass)
                appendMulticlass(s, a, name, *e.evaluation.multiclass);
            if (e.evaluation.survival)
                appendSurvival(s, a, name, *e.evaluation.survival);
            if (!e.evaluation.notes.empty())
                s.blocks.push_back(report::BulletList{e.evaluation.notes});
        } catch (const Error& e) {
            throwIfCancelled(options.cancel);
            s.blocks.push_back(report::Paragraph{
                "The held-out test split could not be evaluated (" + std::string(e.what()) + ")."});
        }
    }
    try {
        appendCoefficients(s, a, name, m, modeling::coefficientsOfModel(m, input->table));
    } catch (const Error& e) {
        s.blocks.push_back(report::Paragraph{"The coefficient table could not be built (" +
                                             std::string(e.what()) + ")."});
    }
    std::vector<double> probabilities = options.nomogramProbabilities;
    if (probabilities.empty())
        for (int k = 1; k <= 9; ++k)
            probabilities.push_back(k / 10.0);
    try {
        appendNomogram(s, a, name, m, input->table, test, probabilities);
    } catch (const Error& e) {
        s.blocks.push_back(
            report::Paragraph{"The nomogram could not be drawn (" + std::string(e.what()) + ")."});
    }
    return s;
}

} // namespace

std::string modelAnchor(std::size_t number) {
    return std::string(report::anchors::kModel) + "-" + std::to_string(number);
}

std::string associationAnchor(std::size_t number) {
    return std::string(report::anchors::kAssociations) + "-" + std::to_string(number);
}

void appendResults(Database& db, const CohortRow& cohort, const ResultsOptions& options,
                   report::Document& doc) {
    const std::string reference = cohortReference(cohort);
    std::vector<StoredModel> models;
    for (const StoredModel& m : listModels(db))
        if (m.cohort == reference)
            models.push_back(m);
    // listModels gives the newest first; the report lists them as they were stored.
    std::sort(models.begin(), models.end(),
              [](const StoredModel& x, const StoredModel& y) { return x.id < y.id; });

    std::vector<report::Section> sections;
    report::Section results;
    results.level = 1;
    results.anchor = report::anchors::kResults;
    results.title = "Results";
    if (models.empty())
        results.blocks.push_back(
            report::Paragraph{"No model trained on cohort " + reference + " is stored."});
    else
        results.blocks.push_back(report::Paragraph{
            std::to_string(models.size()) + " model" + (models.size() == 1 ? " was" : "s were") +
            " trained on cohort " + reference +
            "; each is evaluated on the cohort's held-out test split when it has one."});
    sections.push_back(std::move(results));
    TableCache tables;
    for (std::size_t i = 0; i < models.size(); ++i) {
        throwIfCancelled(options.cancel);
        sections.push_back(modelSection(db, reference, models[i], i + 1, options, tables));
    }
    if (!options.associationTables.empty()) {
        report::Section assoc;
        assoc.level = 2;
        assoc.anchor = report::anchors::kAssociations;
        assoc.title = "Radiogenomic associations";
        sections.push_back(std::move(assoc));
        for (std::size_t j = 0; j < options.associationTables.size(); ++j) {
            throwIfCancelled(options.cancel);
            sections.push_back(
                associationSection(options.associationTables[j], reference, j + 1, options));
        }
    }
    // Appended only when every part was assembled: a failure leaves doc as it was.
    for (auto& section : sections)
        doc.sections.push_back(std::move(section));
}

} // namespace rgw::storage
