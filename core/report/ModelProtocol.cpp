#include "report/ModelProtocol.h"

#include "modeling/ModelKind.h"
#include "modeling/SpecNames.h"
#include "modeling/Validation.h"
#include "report/NumberFormat.h"
#include "stats/Icc.h"

#include <string>

namespace rgw::report {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string num(double value) {
    return formatNumber(value, 4);
}

std::string lambdaRuleText(modeling::LambdaRule rule) {
    return rule == modeling::LambdaRule::Min ? "lambda.min (smallest cross-validated deviance)"
                                             : "lambda.1se (largest λ within one standard error "
                                               "of the smallest deviance)";
}

std::string penaltyText(modeling::Penalty penalty, std::optional<double> alpha) {
    switch (penalty) {
    case modeling::Penalty::None:
        return "no penalty";
    case modeling::Penalty::Lasso:
        return "lasso (L1, α = 1)";
    case modeling::Penalty::Ridge:
        return "ridge (L2, α = 0)";
    case modeling::Penalty::ElasticNet:
        return "elastic net (α = " + num(modeling::penaltyAlpha(penalty, alpha)) + ")";
    }
    return modeling::penaltyName(penalty);
}

std::string imputationText(modeling::Imputation imputation) {
    switch (imputation) {
    case modeling::Imputation::Median:
        return "imputed with the median of the training rows (the mode for binary columns)";
    case modeling::Imputation::None:
        return "not imputed (a missing input is an error; rows were complete)";
    case modeling::Imputation::Drop:
        return "complete cases: training rows missing a candidate feature were left out; a "
               "patient missing an input is not scored";
    }
    return modeling::imputationName(imputation);
}

std::string taskText(const modeling::TrainedModel& m) {
    switch (m.task.kind) {
    case modeling::ModelKind::Logistic:
        return "binary logistic model of " + m.task.target +
               (m.task.classes.size() == 2
                    ? " (" + m.task.classes[1] + " as the event, " + m.task.classes[0] + " as 0)"
                    : "");
    case modeling::ModelKind::Multinomial:
        return "multinomial model of " + m.task.target + " (classes " + joined(m.task.classes) +
               ")";
    case modeling::ModelKind::Cox:
        return "Cox proportional-hazards model of time " + m.task.time + " and event " +
               m.task.event;
    }
    return modeling::modelKindName(m.task.kind);
}

std::string learnerOptionsText(modeling::LearnerKind kind, const modeling::LearnerOptions& o) {
    switch (kind) {
    case modeling::LearnerKind::RandomForest:
        return "random forest (xgboost): " + std::to_string(o.trees) + " trees, depth " +
               std::to_string(o.depth) + ", row subsample " + num(o.subsample) +
               ", columns per split " + (o.colsample == 0 ? "sqrt(p)/p" : num(o.colsample)) +
               ", min child weight " + num(o.minChildWeight) + ", seed " + std::to_string(o.seed);
    case modeling::LearnerKind::GradientBoosting:
        return "gradient-boosted trees (xgboost): " + std::to_string(o.trees) + " rounds, depth " +
               std::to_string(o.depth) + ", learning rate " + num(o.eta) + ", row subsample " +
               num(o.subsample) + ", column subsample " + num(o.colsample) + ", L2 " +
               num(o.lambda) + ", seed " + std::to_string(o.seed);
    case modeling::LearnerKind::SvmLinear:
    case modeling::LearnerKind::SvmRbf:
        return std::string(kind == modeling::LearnerKind::SvmLinear ? "linear" : "RBF") +
               " support vector machine (libsvm): C = " + num(o.svmC) +
               (kind == modeling::LearnerKind::SvmRbf
                    ? ", γ = " + (o.svmGamma == 0 ? std::string("1/p") : num(o.svmGamma))
                    : std::string()) +
               ", probabilities by Platt scaling on " + std::to_string(o.plattFolds) +
               " internal folds, seed " + std::to_string(o.seed);
    }
    return modeling::learnerKindName(kind);
}

std::string learnerText(const modeling::LearnerSpec& l) {
    if (l.algorithm)
        return learnerOptionsText(*l.algorithm, l.algorithmOptions);
    std::string text = penaltyText(l.penalty, l.alpha);
    if (l.penalty != modeling::Penalty::None)
        text += "; λ chosen by " + std::to_string(l.innerFolds) +
                "-fold inner cross-validation (glmnet), rule " + lambdaRuleText(l.lambdaRule);
    if (l.kind == modeling::ModelKind::Cox && l.penalty == modeling::Penalty::None)
        text += std::string("; ties by ") + modeling::coxTiesName(l.ties);
    return text;
}

} // namespace

std::string describeSelectionStep(const modeling::SelectionStep& s) {
    using modeling::SelectionKind;
    switch (s.kind) {
    case SelectionKind::NearZeroVariance:
        return "near-zero variance filter (caret nearZeroVar: frequency ratio > " +
               num(s.threshold) + " with at most 10 % distinct values, or constant)";
    case SelectionKind::Univariate: {
        std::string text =
            std::string("univariate test (") + modeling::univariateTestName(s.test) + ")";
        if (s.threshold > 0)
            text += ", keep Benjamini-Hochberg q ≤ " + num(s.threshold);
        if (s.maxFeatures > 0)
            text += ", at most " + std::to_string(s.maxFeatures) + " features (smallest p)";
        return text;
    }
    case SelectionKind::Correlation:
        return "correlation filter: of two features with |Pearson r| > " + num(s.threshold) +
               ", the less relevant is dropped";
    case SelectionKind::Lasso:
        return "penalised regression (glmnet α = " + num(s.alpha) +
               "), features with non-zero "
               "coefficients at " +
               lambdaRuleText(s.lambdaRule) + ", " + std::to_string(s.innerFolds) +
               "-fold inner cross-validation";
    case SelectionKind::Mrmr:
        return "minimum redundancy maximum relevance (mRMR, classic), " +
               std::to_string(s.maxFeatures) + " features";
    case SelectionKind::ReliefF:
        return "RELIEF-F (" + std::to_string(s.neighbours) + " neighbours), " +
               (s.maxFeatures > 0 ? "top " + std::to_string(s.maxFeatures) + " features"
                                  : "weight > " + num(s.threshold));
    case SelectionKind::SvmRfe:
        return "linear-SVM recursive feature elimination (C = " + num(s.svmCost) + ", " +
               (s.eliminationShare > 0 ? num(100 * s.eliminationShare) + " % per step"
                                       : std::string("one feature per step")) +
               "), " + std::to_string(s.maxFeatures) + " features";
    }
    return modeling::selectionKindName(s.kind);
}

std::vector<std::pair<std::string, std::string>> modelProtocol(const modeling::TrainedModel& m) {
    std::vector<std::pair<std::string, std::string>> out;
    const modeling::PipelineSpec& spec = m.pipeline.spec;
    out.emplace_back("Task", taskText(m));
    out.emplace_back("Training rows",
                     std::to_string(m.training.members.size()) + " (" + m.training.source +
                         (m.training.rowsWithoutResponse
                              ? "; " + std::to_string(m.training.rowsWithoutResponse) +
                                    " left out for a missing response"
                              : std::string()) +
                         "), " + std::to_string(m.training.candidateFeatures.size()) +
                         " candidate features");
    if (!m.training.parameterSetHash.empty())
        out.emplace_back("Radiomic parameter set", "SHA-256 " + m.training.parameterSetHash);
    out.emplace_back("Missing values", imputationText(spec.preprocessing.imputation));
    std::string transforms;
    if (!spec.preprocessing.logColumns.empty())
        transforms = "log(x + shift) of " + joined(spec.preprocessing.logColumns) + "; ";
    transforms += spec.preprocessing.zScore ? "every column z-scored with the training mean and SD"
                                            : "no standardisation";
    out.emplace_back("Transforms", transforms);
    if (spec.combat) {
        std::string text = std::string("ComBat (") +
                           (spec.combatParametric ? "parametric" : "non-parametric") +
                           " empirical Bayes" + (spec.combatMeanOnly ? ", mean only" : "") +
                           ") across batch column " +
                           (m.task.batchColumn.empty() ? "(not named)" : m.task.batchColumn);
        text += spec.combatCovariates.empty()
                    ? "; no biological covariates"
                    : "; biological covariates kept: " + joined(spec.combatCovariates);
        out.emplace_back("Harmonisation", text);
    } else {
        out.emplace_back("Harmonisation", "none");
    }
    if (spec.stability)
        out.emplace_back("Stability filter",
                         "features with " + std::string(stats::iccKindName(spec.stability->kind)) +
                             " ≥ " + num(spec.stability->threshold) +
                             " between repeated extractions kept");
    if (spec.selection.empty())
        out.emplace_back("Feature selection", "none");
    for (std::size_t i = 0; i < spec.selection.size(); ++i)
        out.emplace_back("Feature selection step " + std::to_string(i + 1),
                         describeSelectionStep(spec.selection[i]));
    if (spec.radScore)
        out.emplace_back(
            "Rad-score",
            "penalised linear model of " + std::to_string(spec.radScore->features.size()) +
                " radiomic features (" + penaltyText(spec.radScore->penalty, spec.radScore->alpha) +
                ", λ by " + lambdaRuleText(spec.radScore->lambdaRule) + ", " +
                std::to_string(spec.radScore->innerFolds) + "-fold inner CV), cross-fitted on " +
                std::to_string(spec.radScore->crossFitFolds) +
                " folds, as one predictor next to the clinical columns");
    out.emplace_back("Learner", learnerText(spec.learner));
    const auto& used = m.pipeline.model.features;
    out.emplace_back("Features in the final model",
                     std::to_string(used.size()) + (used.empty() ? "" : ": " + joined(used)) +
                         (m.pipeline.model.lambda > 0
                              ? " (λ = " + formatNumber(m.pipeline.model.lambda, 4) + ")"
                              : std::string()));
    out.emplace_back("Validation",
                     std::to_string(m.validation.folds) + "-fold stratified cross-validation × " +
                         std::to_string(m.validation.repeats) + " repeat" +
                         (m.validation.repeats == 1 ? "" : "s") + ", seed " +
                         std::to_string(m.validation.seed) + "; " + m.validation.measure + " " +
                         formatNumber(m.validation.mean, 3) + " ± " +
                         formatNumber(m.validation.sd, 3) + " (mean ± SD over folds)");
    switch (m.task.kind) {
    case modeling::ModelKind::Logistic:
        out.emplace_back("Decision rule",
                         "positive when P ≥ " + formatNumber(m.decision.threshold, 3) +
                             " (Youden's J on the out-of-fold training predictions)");
        break;
    case modeling::ModelKind::Cox: {
        std::vector<std::string> cuts;
        for (double c : m.decision.riskCutoffs)
            cuts.push_back(formatNumber(c, 3));
        out.emplace_back("Decision rule",
                         "risk groups by linear-predictor cut-offs " +
                             (cuts.empty() ? std::string("(none)") : joined(cuts)) +
                             " chosen on the training rows");
        break;
    }
    case modeling::ModelKind::Multinomial:
        out.emplace_back("Decision rule", "the most probable class");
        break;
    }
    out.emplace_back("Leakage control",
                     "every fitted step (imputation, transforms, harmonisation, selection, "
                     "the choice of λ and the learner) was fitted inside the resampling loop, "
                     "on the training rows of each split only (nested cross-validation); the "
                     "held-out rows of a split were never seen by a fitted step");
    return out;
}

} // namespace rgw::report
