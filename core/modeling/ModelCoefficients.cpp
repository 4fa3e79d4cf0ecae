#include "modeling/ModelCoefficients.h"

#include "modeling/Preprocessing.h"
#include "modeling/TaskData.h"
#include "stats/CoxRegression.h"
#include "stats/LogisticRegression.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace rgw::modeling {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Relative agreement of the refit with the stored model's coefficients.
constexpr double kRefitTolerance = 1e-6;

/// Why the model is not linear in its input columns, or empty.
std::string whyNotInputScale(const FittedPipeline& p, const std::vector<Eigen::Index>& cols) {
    if (p.combat)
        return "ComBat shifts and scales each batch differently, so the coefficients are given "
               "per standard deviation of the harmonised features.";
    for (std::size_t j = 0; j < cols.size(); ++j)
        if (p.preprocessing.logged[static_cast<std::size_t>(cols[j])])
            return "Feature '" + p.model.features[j] +
                   "' is log-transformed, so the coefficients are given per standard deviation "
                   "of the preprocessed features.";
    return {};
}

/// The stored model's coefficients of column `c` of beta (input scale when
/// `inputScale`), intercept first unless Cox.
ModelCoefficientSet storedSet(const TrainedModel& m, Eigen::Index c,
                              const std::vector<Eigen::Index>& cols, bool inputScale) {
    const FittedPipeline& p = m.pipeline;
    const auto& pre = p.preprocessing;
    ModelCoefficientSet set;
    if (m.task.kind == ModelKind::Multinomial) {
        const auto& classes = p.classes.empty() ? m.task.classes : p.classes;
        set.label = static_cast<std::size_t>(c) < classes.size()
                        ? classes[static_cast<std::size_t>(c)]
                        : "column " + std::to_string(c + 1);
    }
    double shift = 0; // sum_j beta_j centre_j / scale_j
    std::vector<double> b;
    for (std::size_t j = 0; j < cols.size(); ++j) {
        const auto k = static_cast<std::size_t>(cols[j]);
        const double beta = p.model.beta(static_cast<Eigen::Index>(j), c);
        b.push_back(inputScale ? beta / pre.scale[k] : beta);
        if (inputScale)
            shift += beta * pre.center[k] / pre.scale[k];
    }
    if (m.task.kind != ModelKind::Cox) {
        set.names.push_back("(Intercept)");
        const double alpha = p.model.intercept.size() > c ? p.model.intercept(c) : 0.0;
        set.estimate.push_back(alpha - shift);
        set.ratio.push_back(kNaN);
    }
    for (std::size_t j = 0; j < cols.size(); ++j) {
        set.names.push_back(p.model.features[j]);
        set.estimate.push_back(b[j]);
        set.ratio.push_back(std::exp(b[j]));
    }
    return set;
}

/// The Wald table of the same unpenalised model fitted on the input-scale
/// training rows, or nullopt with a note when it does not reproduce `set`.
std::optional<stats::CoefficientTable> refitTable(const TrainedModel& m, const TrainingDesign& d,
                                                  const ModelCoefficientSet& set,
                                                  std::vector<std::string>& notes) {
    stats::CoefficientTable table;
    try {
        if (m.task.kind == ModelKind::Logistic) {
            table = stats::fitLogistic(d.x, d.y.label, m.pipeline.model.features).coefficients;
        } else {
            stats::CoxOptions options;
            options.ties = m.pipeline.spec.learner.ties;
            table = stats::fitCox(d.x, d.y.time, d.y.event, m.pipeline.model.features, options)
                        .coefficients;
        }
    } catch (const Error& e) {
        notes.push_back(std::string("The standard errors could not be estimated: ") + e.what());
        return std::nullopt;
    }
    for (std::size_t i = 0; i < set.estimate.size(); ++i) {
        const double stored = set.estimate[i];
        const double refit = table.estimate(static_cast<Eigen::Index>(i));
        if (!(std::abs(refit - stored) <= kRefitTolerance * (1 + std::abs(stored)))) {
            notes.push_back("The maximum-likelihood refit on the training rows did not "
                            "reproduce the stored coefficient of '" +
                            set.names[i] + "', so no intervals are given.");
            return std::nullopt;
        }
    }
    return table;
}

} // namespace

std::vector<Eigen::Index> modelFeatureColumns(const FittedPipeline& p) {
    std::vector<Eigen::Index> out;
    for (const auto& name : p.model.features) {
        const auto& cols = p.preprocessing.columns;
        const auto at = std::find(cols.begin(), cols.end(), name);
        if (at == cols.end())
            throw Error("feature '" + name + "' of the model has no preprocessing step");
        out.push_back(static_cast<Eigen::Index>(at - cols.begin()));
    }
    return out;
}

TrainingDesign trainingDesignOf(const TrainedModel& m, const stats::DataTable& table) {
    const FittedPipeline& p = m.pipeline;
    const auto& pre = p.preprocessing;
    TrainingDesign d;
    d.columns = modelFeatureColumns(p);
    const auto k = static_cast<Eigen::Index>(d.columns.size());
    ModelTask task = m.task;
    const std::optional<std::string> role =
        table.has(kSplitColumn) ? std::optional<std::string>("train") : std::nullopt;
    PipelineData data = taskData(table, task, p.inputFeatures, taskRows(table, task, role), true);
    // A rad-score model's stage input is the rad-score and the clinical columns.
    const Eigen::MatrixXd z = applyPreprocessing(pre, stageInput(p, data));
    d.z.resize(z.rows(), k);
    d.x.resize(z.rows(), k);
    for (Eigen::Index j = 0; j < k; ++j) {
        const Eigen::Index col = d.columns[static_cast<std::size_t>(j)];
        const auto c = static_cast<std::size_t>(col);
        d.z.col(j) = z.col(col);
        d.x.col(j) = (d.z.col(j).array() * pre.scale[c] + pre.center[c]).matrix(); // x = z s + c
    }
    d.y = std::move(data.y);
    return d;
}

ModelCoefficients coefficientsOfModel(const TrainedModel& m, const stats::DataTable& table) {
    const FittedPipeline& p = m.pipeline;
    ModelCoefficients out;
    if (p.algorithm) {
        out.linear = false;
        out.importanceFeatures = p.algorithm->features;
        out.importance.assign(p.algorithm->importance.data(),
                              p.algorithm->importance.data() + p.algorithm->importance.size());
        out.notes.push_back(std::string("The ") + learnerKindName(p.algorithm->kind) +
                            " learner has no coefficients; its feature importance is given.");
        return out;
    }
    const std::vector<Eigen::Index> cols = modelFeatureColumns(p);
    const std::string why = whyNotInputScale(p, cols);
    out.originalScale = why.empty();
    if (!why.empty())
        out.notes.push_back(why);
    for (Eigen::Index c = 0; c < p.model.beta.cols(); ++c)
        out.sets.push_back(storedSet(m, c, cols, out.originalScale));

    const bool penalised = p.spec.learner.penalty != Penalty::None;
    if (m.task.kind == ModelKind::Multinomial) {
        out.notes.push_back("A multinomial model is given without standard errors.");
        return out;
    }
    if (penalised) {
        out.notes.push_back(std::string("The model is penalised (") +
                            penaltyName(p.spec.learner.penalty) +
                            "): its coefficients are shrunk and have no valid Wald standard "
                            "errors, so no confidence intervals are given.");
        return out;
    }
    if (!out.originalScale || cols.empty() || out.sets.size() != 1)
        return out;
    const TrainingDesign design = trainingDesignOf(m, table);
    const auto refit = refitTable(m, design, out.sets.front(), out.notes);
    if (!refit)
        return out;
    ModelCoefficientSet& set = out.sets.front();
    for (Eigen::Index i = 0; i < refit->estimate.size(); ++i) {
        const auto at = static_cast<std::size_t>(i);
        set.estimate[at] = refit->estimate(i);
        set.standardError.push_back(refit->standardError(i));
        set.p.push_back(refit->p(i));
        const bool intercept = set.names[at] == "(Intercept)";
        set.ratio[at] = intercept ? kNaN : refit->ratio(i);
        set.ratioLower.push_back(intercept ? kNaN : refit->ratioLower(i));
        set.ratioUpper.push_back(intercept ? kNaN : refit->ratioUpper(i));
    }
    return out;
}

} // namespace rgw::modeling
