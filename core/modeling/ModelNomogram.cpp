#include "modeling/ModelNomogram.h"

#include "modeling/ModelCoefficients.h"
#include "modeling/Preprocessing.h"
#include "stats/CoxRegression.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace rgw::modeling {
namespace {

/// A predictor's axis: its distinct values when there are few (datadist's
/// values), else its range.
NomogramPredictor predictorOf(const std::string& name, double coefficient,
                              const Eigen::VectorXd& values) {
    std::set<double> distinct;
    for (const double v : values) {
        distinct.insert(v);
        if (distinct.size() > kMaxDiscreteNomogramValues)
            return NomogramPredictor::continuous(name, coefficient, values.minCoeff(),
                                                 values.maxCoeff());
    }
    return NomogramPredictor::discrete(name, coefficient, {distinct.begin(), distinct.end()});
}

/// Why `m` cannot be drawn, or empty.
std::string whyNotDrawable(const TrainedModel& m) {
    const FittedPipeline& p = m.pipeline;
    const std::size_t k = p.model.features.size();
    if (m.task.kind == ModelKind::Multinomial)
        return "A nomogram is drawn for logistic and Cox models; a multinomial model has one "
               "linear predictor per class.";
    if (p.algorithm)
        return std::string("A nomogram draws a linear model; the ") +
               learnerKindName(p.algorithm->kind) + " learner is not one.";
    if (k == 0)
        return "The final model uses no feature (the penalty removed every one), so there is "
               "nothing to draw.";
    if (k > kMaxNomogramPredictors)
        return "The final model uses " + std::to_string(k) + " features; a nomogram is drawn for " +
               std::to_string(kMaxNomogramPredictors) +
               " or fewer, where it stays readable. Use a stronger penalty (lambda.1se) or a "
               "top-k filter for a smaller model.";
    if (p.combat)
        return "ComBat shifts and scales each batch differently, so the model is not one linear "
               "scale of the input values a nomogram can show.";
    const std::vector<Eigen::Index> cols = modelFeatureColumns(p);
    for (std::size_t j = 0; j < k; ++j)
        if (p.preprocessing.logged[static_cast<std::size_t>(cols[j])])
            return "Feature '" + p.model.features[j] +
                   "' is log-transformed, so its points are not linear in its value.";
    return {};
}

} // namespace

ModelNomogram nomogramOfModel(const TrainedModel& m, const stats::DataTable& table,
                              const std::vector<double>& survivalTimes) {
    ModelNomogram out;
    out.whyNot = whyNotDrawable(m);
    if (!out.whyNot.empty())
        return out;
    const FittedPipeline& p = m.pipeline;
    const auto& pre = p.preprocessing;
    // The training rows as the model saw them: imputed, then standardised.
    const TrainingDesign design = trainingDesignOf(m, table);
    const std::vector<Eigen::Index>& cols = design.columns;
    const auto k = static_cast<Eigen::Index>(cols.size());
    const Eigen::MatrixXd& zModel = design.z;
    const Eigen::MatrixXd& xModel = design.x;
    const Eigen::VectorXd beta = p.model.beta.col(0);
    const Eigen::VectorXd lpStd = zModel * beta; // z.beta

    NomogramModel nm;
    double shift = 0; // sum_j beta_j centre_j / scale_j
    for (Eigen::Index j = 0; j < k; ++j) {
        const auto c = static_cast<std::size_t>(cols[static_cast<std::size_t>(j)]);
        shift += beta(j) * pre.center[c] / pre.scale[c];
        nm.predictors.push_back(predictorOf(p.model.features[static_cast<std::size_t>(j)],
                                            beta(j) / pre.scale[c], xModel.col(j)));
    }
    if (m.task.kind == ModelKind::Logistic) {
        nm.link = NomogramModel::Link::Logistic;
        const double alpha = p.model.intercept(0);
        nm.intercept = alpha - shift; // alpha + z.beta = intercept + x.b
        nm.lpLow = alpha + lpStd.minCoeff();
        nm.lpHigh = alpha + lpStd.maxCoeff();
        out.model = nm;
        return out;
    }
    // Cox: lp = x.b - centre = z.beta + shift - centre, centre = sum_j b_j mean(x_j).
    nm.link = NomogramModel::Link::Cox;
    for (Eigen::Index j = 0; j < k; ++j)
        nm.centre += nm.predictors[static_cast<std::size_t>(j)].coefficient * xModel.col(j).mean();
    const double offset = shift - nm.centre;
    nm.lpLow = lpStd.minCoeff() + offset;
    nm.lpHigh = lpStd.maxCoeff() + offset;
    stats::CoxFit fit;
    fit.ties =
        p.spec.learner.penalty == Penalty::None ? p.spec.learner.ties : stats::CoxTies::Breslow;
    fit.coefficients.names = p.model.features;
    fit.coefficients.estimate = beta;
    fit.means = Eigen::VectorXd::Zero(k);
    const stats::BaselineHazard h =
        stats::baselineHazard(fit, zModel, design.y.time, design.y.event);
    for (const double t : survivalTimes) {
        // H0 of the standardised fit at t (a step function), moved to the centre:
        // S = exp(-H0z exp(z.beta)) = exp(-H0z exp(-offset) exp(lp)).
        double cumulative = 0;
        for (std::size_t i = 0; i < h.time.size() && h.time[i] <= t; ++i)
            cumulative = h.cumulativeHazard[i];
        if (cumulative > 0)
            nm.baseline.push_back({t, cumulative * std::exp(-offset)});
    }
    if (nm.baseline.empty()) {
        out.whyNot = "No event occurred by the evaluation times, so survival cannot be drawn.";
        return out;
    }
    out.model = nm;
    return out;
}

} // namespace rgw::modeling
