#include "modeling/Scoring.h"

#include "modeling/ModelFile.h"
#include "modeling/TaskData.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::modeling {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

void requireParameterSet(const TrainedModel& model, const ScoringSource& source) {
    const std::string& trained = model.training.parameterSetHash;
    if (!trained.empty() && !source.parameterSetHash.empty() && trained != source.parameterSetHash)
        throw Error("model '" + model.name +
                    "' was trained on radiomic features of parameter set " + trained.substr(0, 12) +
                    ", the table's features come from parameter set " +
                    source.parameterSetHash.substr(0, 12) +
                    "; extract the features with the model's parameter set");
}

void requireColumns(const TrainedModel& model, const stats::DataTable& table) {
    std::vector<std::string> absent;
    for (const std::string& f : model.pipeline.inputFeatures)
        if (!table.has(f))
            absent.push_back(f);
    if (model.pipeline.combat && !table.has(model.task.batchColumn))
        absent.push_back(model.task.batchColumn);
    if (!absent.empty())
        throw Error(table.source() + " lacks the input" + (absent.size() > 1 ? "s" : "") +
                    " model '" + model.name + "' requires: " + joined(absent));
    for (const std::string& f : model.pipeline.inputFeatures)
        (void)table.numbers(f); // names a value that is not a number
}

/// Why row r cannot be scored (empty: it can); the inputs imputation fills.
std::string refusal(const TrainedModel& model, const stats::DataTable& table, std::size_t r,
                    std::vector<std::string>& imputed) {
    std::vector<std::string> missing;
    for (const std::string& f : model.pipeline.inputFeatures)
        if (table.isMissing(r, table.require(f)))
            missing.push_back(f);
    const bool imputes = model.pipeline.spec.preprocessing.imputation == Imputation::Median;
    if (!missing.empty() && !imputes)
        return "missing " + joined(missing);
    // ComBat reads its covariates as given: imputation does not fill them.
    std::vector<std::string> covariates;
    if (model.pipeline.combat)
        for (const std::string& c : model.pipeline.spec.combatCovariates)
            if (std::find(missing.begin(), missing.end(), c) != missing.end())
                covariates.push_back(c);
    if (!covariates.empty())
        return "missing the ComBat covariate" + std::string(covariates.size() == 1 ? " " : "s ") +
               joined(covariates);
    imputed = missing;
    if (model.pipeline.combat) {
        const std::size_t c = table.require(model.task.batchColumn);
        if (table.isMissing(r, c))
            return "missing the batch '" + model.task.batchColumn + "'";
        const std::string& batch = table.text(model.task.batchColumn)[r];
        const std::vector<std::string>& known = model.pipeline.combat->batches;
        if (std::find(known.begin(), known.end(), batch) == known.end())
            return "batch '" + batch + "' was not in the training data (" + joined(known) + ")";
    }
    return {};
}

} // namespace

std::string riskGroupOf(const DecisionRule& rule, double linearPredictor) {
    const std::vector<double>& cut = rule.riskCutoffs;
    const auto above = static_cast<std::size_t>(
        std::count_if(cut.begin(), cut.end(), [&](double c) { return linearPredictor > c; }));
    if (cut.size() == 1)
        return above == 0 ? "low" : "high";
    return "group " + std::to_string(above + 1) + " of " + std::to_string(cut.size() + 1);
}

ScoringResult scoreTable(const TrainedModel& model, const stats::DataTable& table,
                         const ScoringSource& source) {
    std::vector<std::size_t> all(table.rows());
    for (std::size_t r = 0; r < all.size(); ++r)
        all[r] = r;
    return scoreRows(model, table, all, source);
}

ScoringResult scoreRows(const TrainedModel& model, const stats::DataTable& table,
                        const std::vector<std::size_t>& candidates, const ScoringSource& source) {
    requireParameterSet(model, source);
    requireColumns(model, table);

    ScoringResult result;
    result.modelId = modelId(model);
    std::vector<std::size_t> rows;
    std::vector<std::vector<std::string>> imputed;
    for (const std::size_t r : candidates) {
        std::vector<std::string> filled;
        const std::string why = refusal(model, table, r, filled);
        if (!why.empty()) {
            result.refused.push_back({rowIds(table, {r}).front(), why});
            continue;
        }
        rows.push_back(r);
        imputed.push_back(std::move(filled));
    }
    if (rows.empty())
        return result;

    PipelineData data;
    data.features = model.pipeline.inputFeatures;
    data.x = table.matrix(data.features, rows);
    if (model.pipeline.combat)
        for (const std::size_t r : rows)
            data.batch.push_back(table.text(model.task.batchColumn)[r]);
    const Prediction p = predictPipeline(model.pipeline, data);

    const std::vector<std::string> ids = rowIds(table, rows);
    const std::vector<std::string>& classes = model.task.classes;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto at = static_cast<Eigen::Index>(i);
        PatientScore s;
        s.patientId = ids[i];
        s.row = rows[i];
        s.imputed = imputed[i];
        switch (model.task.kind) {
        case ModelKind::Logistic:
            s.score = p.score(at);
            s.predictedClass = classes.at(s.score >= model.decision.threshold ? 1 : 0);
            break;
        case ModelKind::Multinomial: {
            Eigen::Index best = 0;
            s.score = p.classProbabilities.row(at).maxCoeff(&best); // ties: lowest class
            s.predictedClass = classes.at(static_cast<std::size_t>(best));
            s.classProbabilities.assign(p.classProbabilities.row(at).begin(),
                                        p.classProbabilities.row(at).end());
            break;
        }
        case ModelKind::Cox:
            s.score = p.score(at);
            s.riskGroup = riskGroupOf(model.decision, s.score);
            break;
        }
        result.scored.push_back(std::move(s));
    }
    return result;
}

} // namespace rgw::modeling
