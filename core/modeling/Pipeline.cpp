#include "modeling/Pipeline.h"

#include "modeling/LassoSelection.h"
#include "modeling/Resampling.h"
#include "stats/Glmnet.h"
#include "stats/LogisticRegression.h"
#include "stats/MultinomialRegression.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::modeling {

PipelineData PipelineData::subset(const std::vector<std::size_t>& rows) const {
    PipelineData out;
    out.features = features;
    out.x.resize(static_cast<Eigen::Index>(rows.size()), x.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.x.row(static_cast<Eigen::Index>(i)) = x.row(static_cast<Eigen::Index>(rows[i]));
    out.y = y.subset(rows);
    if (!batch.empty())
        for (const std::size_t r : rows)
            out.batch.push_back(batch[r]);
    if (repeats.size() > 0) {
        out.repeats.resize(static_cast<Eigen::Index>(rows.size()), repeats.cols());
        for (std::size_t i = 0; i < rows.size(); ++i)
            out.repeats.row(static_cast<Eigen::Index>(i)) =
                repeats.row(static_cast<Eigen::Index>(rows[i]));
    }
    return out;
}

namespace {

using Eigen::Index;

void checkCancel(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
}

Eigen::MatrixXd columns(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& keep) {
    Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(keep.size()));
    for (std::size_t j = 0; j < keep.size(); ++j)
        out.col(static_cast<Eigen::Index>(j)) = x.col(keep[j]);
    return out;
}

/// Indices into `features` of ComBat's covariate columns, in the spec's order.
std::vector<Index> covariateColumns(const std::vector<std::string>& covariates,
                                    const std::vector<std::string>& features) {
    std::vector<Index> columns;
    for (const std::string& name : covariates) {
        const auto at = std::find(features.begin(), features.end(), name);
        if (at == features.end())
            throw Error("ComBat covariate '" + name +
                        "' is not a feature column of the data (the outcome and the batch "
                        "cannot be covariates)");
        const auto j = static_cast<Index>(at - features.begin());
        if (std::find(columns.begin(), columns.end(), j) != columns.end())
            throw Error("ComBat covariate '" + name + "' is named twice");
        columns.push_back(j);
    }
    return columns;
}

/// The covariates' values as given (rows × covariates), for ComBat's design.
Eigen::MatrixXd covariateValues(const Eigen::MatrixXd& x, const std::vector<Index>& columns,
                                const std::vector<std::string>& features) {
    Eigen::MatrixXd values(x.rows(), static_cast<Index>(columns.size()));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const Index j = columns[c];
        for (Index i = 0; i < x.rows(); ++i) {
            if (!std::isfinite(x(i, j)))
                throw Error("ComBat covariate '" + features[static_cast<std::size_t>(j)] +
                            "' is missing in row " + std::to_string(i + 1) +
                            "; ComBat needs the covariates of every row (they are not imputed)");
            values(i, static_cast<Index>(c)) = x(i, j);
        }
    }
    return values;
}

/// ComBat fitted on the training rows: the covariate columns enter the
/// design and are passed through; every other column is harmonised.
stats::ComBatModel fitHarmonisation(const PipelineSpec& spec, const Eigen::MatrixXd& x,
                                    const PipelineData& data,
                                    const std::vector<Index>& covariates) {
    if (data.batch.size() != static_cast<std::size_t>(x.rows()))
        throw Error("ComBat needs the batch (site or scanner) of every row");
    const Eigen::MatrixXd values = covariateValues(data.x, covariates, data.features);
    for (std::size_t c = 0; c < covariates.size(); ++c) {
        const auto column = values.col(static_cast<Index>(c));
        if ((column.array() == column(0)).all())
            throw Error("ComBat covariate '" +
                        data.features[static_cast<std::size_t>(covariates[c])] +
                        "' has a single value in the training rows");
    }
    std::vector<Index> harmonised;
    for (Index j = 0; j < x.cols(); ++j)
        if (std::find(covariates.begin(), covariates.end(), j) == covariates.end())
            harmonised.push_back(j);
    stats::ComBatOptions options;
    options.parametric = spec.combatParametric;
    options.meanOnly = spec.combatMeanOnly;
    const stats::ComBatModel model =
        stats::fitComBat(x(Eigen::all, harmonised), data.batch, values, options);
    return stats::embedFeatures(model, harmonised, x.cols());
}

/// The feature indices the stability filter keeps (all without the filter).
std::vector<Index> stableColumns(const PipelineSpec& spec, const PipelineData& data,
                                 const std::vector<Index>& exempt, FittedPipeline& f) {
    std::vector<Index> kept(static_cast<std::size_t>(data.x.cols()));
    for (Index j = 0; j < data.x.cols(); ++j)
        kept[static_cast<std::size_t>(j)] = j;
    if (!spec.stability)
        return kept;
    if (data.repeats.size() == 0)
        throw Error("the stability filter needs a repeated extraction of the features of the "
                    "training rows; none was given");
    const StabilityResult stable =
        stabilityFilter(*spec.stability, data.x, data.repeats, data.features, exempt);
    f.stabilityIcc = stable.icc;
    return stable.kept;
}

/// The model without features: the training prevalence (logistic: logit of
/// the event rate; multinomial: log class frequencies; Cox: 0).
LinearModel nullModel(const Outcome& y) {
    LinearModel m;
    switch (y.kind) {
    case ModelKind::Logistic: {
        const double rate = y.label.mean();
        m.intercept = Eigen::VectorXd::Constant(1, std::log(rate / (1.0 - rate)));
        m.beta.resize(0, 1);
        break;
    }
    case ModelKind::Multinomial: {
        m.intercept = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(y.classes.size()));
        for (const int c : y.classOf)
            m.intercept(c) += 1.0;
        m.intercept = (m.intercept / static_cast<double>(y.classOf.size())).array().log();
        m.beta.resize(0, m.intercept.size());
        break;
    }
    case ModelKind::Cox:
        m.intercept = Eigen::VectorXd::Zero(1);
        m.beta.resize(0, 1);
        break;
    }
    return m;
}

LinearModel penalised(const LearnerSpec& spec, const Eigen::MatrixXd& x, const Outcome& y,
                      std::uint64_t seed) {
    stats::GlmnetOptions options;
    options.alpha = penaltyAlpha(spec.penalty, spec.alpha);
    // Inner folds 1..K, stratified, from their own stream of the seed.
    std::vector<int> foldId = stratifiedFolds(y.strata(), spec.innerFolds, streamSeed(seed, 1));
    for (int& f : foldId)
        ++f;
    const stats::GlmnetCvResult cv = cvGlmnetFor(x, y, foldId, options);
    const std::size_t at = spec.lambdaRule == LambdaRule::Min ? cv.indexMin : cv.index1se;
    const auto l = static_cast<Eigen::Index>(at);
    LinearModel m;
    m.lambda = cv.fit.lambda[at];
    if (y.kind == ModelKind::Multinomial) {
        const auto k = static_cast<Eigen::Index>(y.classes.size());
        m.intercept = cv.fit.classIntercept.col(l);
        m.beta.resize(x.cols(), k);
        for (Eigen::Index c = 0; c < k; ++c)
            m.beta.col(c) = cv.fit.classBeta[static_cast<std::size_t>(c)].col(l);
    } else {
        m.intercept =
            Eigen::VectorXd::Constant(1, y.kind == ModelKind::Logistic ? cv.fit.intercept(l) : 0.0);
        m.beta = cv.fit.beta.col(l);
    }
    return m;
}

LinearModel unpenalised(const LearnerSpec& spec, const Eigen::MatrixXd& x, const Outcome& y,
                        const std::vector<std::string>& names) {
    LinearModel m;
    switch (y.kind) {
    case ModelKind::Logistic: {
        const stats::LogisticFit fit = stats::fitLogistic(x, y.label, names);
        m.intercept = fit.coefficients.estimate.head(1);
        m.beta = fit.coefficients.estimate.tail(x.cols());
        break;
    }
    case ModelKind::Multinomial: {
        // Baseline-category fit; class 0 gets the zero predictor.
        const stats::MultinomialFit fit =
            stats::fitMultinomial(x, y.classOf, static_cast<int>(y.classes.size()), names);
        const auto k = static_cast<Eigen::Index>(y.classes.size());
        m.intercept = Eigen::VectorXd::Zero(k);
        m.beta = Eigen::MatrixXd::Zero(x.cols(), k);
        for (Eigen::Index c = 1; c < k; ++c) {
            const auto& e = fit.coefficients[static_cast<std::size_t>(c - 1)].estimate;
            m.intercept(c) = e(0);
            m.beta.col(c) = e.tail(x.cols());
        }
        break;
    }
    case ModelKind::Cox: {
        stats::CoxOptions options;
        options.ties = spec.ties;
        const stats::CoxFit fit = stats::fitCox(x, y.time, y.event, names, options);
        m.intercept = Eigen::VectorXd::Zero(1);
        m.beta = fit.coefficients.estimate;
        break;
    }
    }
    return m;
}

/// A non-linear learner's prediction in the pipeline's form: P(y = 1), the
/// class probabilities, or the Cox log relative risk (xgboost's margin).
Prediction predictAlgorithm(const TrainedLearner& learner, const Eigen::MatrixXd& x,
                            ModelKind kind) {
    Prediction p;
    switch (kind) {
    case ModelKind::Logistic:
        p.score = predictLearner(learner, x).col(0);
        break;
    case ModelKind::Multinomial: {
        const Eigen::MatrixXd probability = predictLearner(learner, x);
        if (probability.cols() == 1) { // two classes: P(class 1) only
            p.classProbabilities.resize(x.rows(), 2);
            p.classProbabilities.col(0) = (1.0 - probability.col(0).array()).matrix();
            p.classProbabilities.col(1) = probability.col(0);
        } else {
            p.classProbabilities = probability;
        }
        break;
    }
    case ModelKind::Cox:
        p.score = learnerDecisionValues(learner, x).col(0);
        break;
    }
    return p;
}

/// Fits the steps of an ordinary pipeline. With `radScoreFirst`, column 0
/// is the rad-score: when it is constant on these rows (its penalised model
/// kept no radiomic feature) it is left out of selection and the learner.
FittedPipeline fitStage(const PipelineSpec& spec, const PipelineData& data, std::uint64_t seed,
                        const CancelToken* cancel, bool radScoreFirst) {
    if (spec.learner.kind != data.y.kind)
        throw Error("the learner is " + std::string(modelKindName(spec.learner.kind)) +
                    " but the outcome is for a " + modelKindName(data.y.kind) + " model");
    if (static_cast<std::size_t>(data.x.rows()) != data.y.size())
        throw Error("pipeline: " + std::to_string(data.x.rows()) + " rows of features for " +
                    std::to_string(data.y.size()) + " outcomes");
    FittedPipeline f;
    f.spec = spec;
    f.inputFeatures = data.features;
    f.classes = data.y.classes;

    if (!spec.combat && !spec.combatCovariates.empty())
        throw Error("ComBat covariates are given but ComBat is not used");
    const std::vector<Index> covariates =
        spec.combat ? covariateColumns(spec.combatCovariates, data.features) : std::vector<Index>{};

    f.preprocessing = fitPreprocessing(data.x, data.features, spec.preprocessing);
    Eigen::MatrixXd x = applyPreprocessing(f.preprocessing, data.x);
    if (spec.combat) {
        f.combat = fitHarmonisation(spec, x, data, covariates);
        x = stats::applyComBat(*f.combat, x, data.batch,
                               covariateValues(data.x, covariates, data.features));
    }
    checkCancel(cancel);

    std::vector<Index> kept = stableColumns(spec, data, covariates, f);
    if (radScoreFirst && data.x.rows() > 0 && (data.x.col(0).array() == data.x(0, 0)).all())
        kept.erase(kept.begin());
    checkCancel(cancel);
    for (std::size_t k = 0; k < spec.selection.size(); ++k) {
        // Each step draws from its own stream of the fit's seed (the lasso's
        // inner folds): reproducible, and different in every outer fold.
        SelectionStep step = spec.selection[k];
        step.seed = streamSeed(seed, kSelectionSeedStream + k);
        const std::vector<Eigen::Index> within = selectFeatures(step, columns(x, kept), data.y);
        std::vector<Eigen::Index> next;
        for (const Eigen::Index j : within)
            next.push_back(kept[static_cast<std::size_t>(j)]);
        kept = std::move(next);
        checkCancel(cancel);
    }
    f.selected = kept;
    std::vector<std::string> names;
    for (const Eigen::Index j : kept)
        names.push_back(data.features[static_cast<std::size_t>(j)]);

    const Eigen::MatrixXd selected = columns(x, kept);
    if (spec.learner.algorithm && !kept.empty()) {
        LearnerOptions options = spec.learner.algorithmOptions;
        options.seed = seed;
        f.algorithm = trainLearner(*spec.learner.algorithm, selected, data.y, options, names);
        f.model.features = names;
        return f;
    }
    if (kept.empty())
        f.model = nullModel(data.y);
    else if (spec.learner.penalty == Penalty::None)
        f.model = unpenalised(spec.learner, selected, data.y, names);
    else
        f.model = penalised(spec.learner, selected, data.y, seed);
    f.model.features = names;
    return f;
}

/// The preprocessed (and harmonised) stage input, rows × stageColumns().
Eigen::MatrixXd preparedInput(const FittedPipeline& f, const PipelineData& data) {
    Eigen::MatrixXd x = applyPreprocessing(f.preprocessing, stageInput(f, data));
    if (f.combat) {
        const std::vector<Index> covariates =
            covariateColumns(f.spec.combatCovariates, f.inputFeatures);
        x = stats::applyComBat(*f.combat, x, data.batch,
                               covariateValues(data.x, covariates, data.features));
    }
    return x;
}

/// The linear predictor from the prepared input.
Eigen::MatrixXd linearFromPrepared(const FittedPipeline& f, const Eigen::MatrixXd& x) {
    Eigen::MatrixXd eta = columns(x, f.selected) * f.model.beta;
    if (eta.cols() == 0 || eta.rows() != x.rows())
        eta = Eigen::MatrixXd::Zero(x.rows(), f.model.intercept.size());
    eta.rowwise() += f.model.intercept.transpose();
    return eta;
}

/// The columns `names` of `data` (rgw::Error naming one that is absent).
PipelineData namedColumns(const PipelineData& data, const std::vector<std::string>& names) {
    PipelineData out;
    out.features = names;
    out.y = data.y;
    out.batch = data.batch;
    out.x.resize(data.x.rows(), static_cast<Index>(names.size()));
    for (std::size_t k = 0; k < names.size(); ++k) {
        const auto at = std::find(data.features.begin(), data.features.end(), names[k]);
        if (at == data.features.end())
            throw Error("column '" + names[k] + "' is not in the data");
        out.x.col(static_cast<Index>(k)) =
            data.x.col(static_cast<Index>(at - data.features.begin()));
    }
    return out;
}

/// The rad-score + clinical model: the radiomic model on all rows, the
/// training rad-scores (cross-fitted or in-sample), then the learner's stage
/// on the rad-score and the clinical columns.
FittedPipeline fitRadScorePipeline(const PipelineSpec& spec, const PipelineData& data,
                                   std::uint64_t seed, const CancelToken* cancel) {
    const RadScoreSpec& rs = *spec.radScore;
    if (spec.learner.kind == ModelKind::Multinomial)
        throw Error("a rad-score model is logistic or Cox, not multinomial");
    if (spec.learner.algorithm)
        throw Error("a rad-score model's second stage is a linear model, not a " +
                    std::string(learnerKindName(*spec.learner.algorithm)));
    if (spec.combat || spec.stability)
        throw Error("a rad-score model is fitted without ComBat and the stability filter");
    if (rs.features.empty())
        throw Error("the rad-score names no radiomic feature");
    if (rs.crossFitFolds < 0 || rs.crossFitFolds == 1)
        throw Error("the rad-score's cross-fitting folds are " + std::to_string(rs.crossFitFolds) +
                    "; use 0 (in-sample) or at least 2");
    if (static_cast<std::size_t>(data.x.rows()) != data.y.size())
        throw Error("pipeline: " + std::to_string(data.x.rows()) + " rows of features for " +
                    std::to_string(data.y.size()) + " outcomes");
    std::vector<std::string> clinical;
    for (const std::string& name : data.features) {
        if (name == kRadScoreName)
            throw Error(std::string("a column is named '") + kRadScoreName +
                        "', the name of the rad-score itself");
        if (std::find(rs.features.begin(), rs.features.end(), name) == rs.features.end())
            clinical.push_back(name);
    }
    for (std::size_t k = 0; k < rs.features.size(); ++k)
        if (std::find(rs.features.begin(), rs.features.begin() + static_cast<std::ptrdiff_t>(k),
                      rs.features[k]) != rs.features.begin() + static_cast<std::ptrdiff_t>(k))
            throw Error("rad-score feature '" + rs.features[k] + "' is named twice");
    for (const std::string& name : rs.features)
        if (std::find(data.features.begin(), data.features.end(), name) == data.features.end())
            throw Error("rad-score feature '" + name + "' is not a column of the data");
    const PipelineData radiomic = namedColumns(data, rs.features);
    const PipelineSpec stageSpec = radScoreStageSpec(rs, spec.learner.kind);
    auto stage = std::make_shared<FittedPipeline>(
        fitStage(stageSpec, radiomic, streamSeed(seed, kRadScoreSeedStream), cancel, false));

    Eigen::VectorXd score(data.x.rows());
    if (rs.crossFitFolds == 0) {
        score = linearPredictor(*stage, radiomic).col(0);
    } else {
        const std::vector<int> fold = stratifiedFolds(data.y.strata(), rs.crossFitFolds,
                                                      streamSeed(seed, kRadScoreSeedStream + 1));
        for (const Split& split : foldSplits(fold, rs.crossFitFolds)) {
            const auto k = static_cast<std::uint64_t>(fold[split.test.front()]);
            const FittedPipeline part =
                fitStage(stageSpec, radiomic.subset(split.train),
                         streamSeed(seed, kRadScoreSeedStream + 2 + k), cancel, false);
            const Eigen::VectorXd held = linearPredictor(part, radiomic.subset(split.test)).col(0);
            for (std::size_t i = 0; i < split.test.size(); ++i)
                score(static_cast<Index>(split.test[i])) = held(static_cast<Index>(i));
        }
    }

    PipelineData second = namedColumns(data, clinical);
    second.features.insert(second.features.begin(), kRadScoreName);
    second.x.conservativeResize(Eigen::NoChange, second.x.cols() + 1);
    for (Index j = second.x.cols() - 1; j > 0; --j)
        second.x.col(j) = second.x.col(j - 1);
    second.x.col(0) = score;
    PipelineSpec secondSpec = spec;
    secondSpec.radScore.reset();
    FittedPipeline f = fitStage(secondSpec, second, seed, cancel, true);
    f.spec = spec;
    f.inputFeatures = data.features;
    f.radScore = std::move(stage);
    f.trainingRadScore = score;
    return f;
}

} // namespace

FittedPipeline fitPipeline(const PipelineSpec& spec, const PipelineData& data, std::uint64_t seed,
                           const CancelToken* cancel) {
    if (spec.radScore)
        return fitRadScorePipeline(spec, data, seed, cancel);
    return fitStage(spec, data, seed, cancel, false);
}

PipelineSpec radScoreStageSpec(const RadScoreSpec& rs, ModelKind kind) {
    PipelineSpec spec;
    spec.preprocessing = rs.preprocessing;
    spec.learner.kind = kind;
    spec.learner.penalty = rs.penalty;
    spec.learner.alpha = rs.alpha;
    spec.learner.lambdaRule = rs.lambdaRule;
    spec.learner.innerFolds = rs.innerFolds;
    return spec;
}

const std::vector<std::string>& stageColumns(const FittedPipeline& f) {
    return f.preprocessing.columns;
}

Eigen::MatrixXd stageInput(const FittedPipeline& f, const PipelineData& data) {
    if (data.features != f.inputFeatures)
        throw Error("the data's features differ from the ones the model was trained on");
    if (!f.radScore)
        return data.x;
    const std::vector<std::string>& cols = stageColumns(f);
    if (cols.empty() || cols.front() != kRadScoreName)
        throw Error("the rad-score model's first stage column is not the rad-score");
    const Eigen::VectorXd score =
        linearPredictor(*f.radScore, namedColumns(data, f.radScore->inputFeatures)).col(0);
    const PipelineData clinical =
        namedColumns(data, std::vector<std::string>(cols.begin() + 1, cols.end()));
    Eigen::MatrixXd x(data.x.rows(), static_cast<Index>(cols.size()));
    x.col(0) = score;
    x.rightCols(x.cols() - 1) = clinical.x;
    return x;
}

Eigen::MatrixXd linearPredictor(const FittedPipeline& f, const PipelineData& data) {
    if (f.algorithm)
        throw Error("the model's learner is not linear");
    return linearFromPrepared(f, preparedInput(f, data));
}

Prediction predictPipeline(const FittedPipeline& f, const PipelineData& data) {
    const Eigen::MatrixXd x = preparedInput(f, data);
    if (f.algorithm)
        return predictAlgorithm(*f.algorithm, columns(x, f.selected), f.spec.learner.kind);
    const Eigen::MatrixXd eta = linearFromPrepared(f, x);
    Prediction p;
    switch (f.spec.learner.kind) {
    case ModelKind::Logistic:
        p.score = (1.0 / (1.0 + (-eta.col(0).array()).exp())).matrix();
        break;
    case ModelKind::Multinomial: {
        // Softmax against the largest linear predictor of each row.
        p.classProbabilities = eta;
        for (Eigen::Index i = 0; i < eta.rows(); ++i) {
            const double top = eta.row(i).maxCoeff();
            p.classProbabilities.row(i) = (eta.row(i).array() - top).exp();
            p.classProbabilities.row(i) /= p.classProbabilities.row(i).sum();
        }
        break;
    }
    case ModelKind::Cox:
        p.score = eta.col(0);
        break;
    }
    return p;
}

FittedPipeline reducedToSelected(const FittedPipeline& fitted) {
    // Keep the selected features whose coefficient row is not all zero: a
    // feature the lasso dropped does not change any prediction. A
    // non-linear learner uses every selected feature.
    std::vector<Eigen::Index> used;
    std::vector<Eigen::Index> rows;
    for (std::size_t k = 0; k < fitted.selected.size(); ++k) {
        const auto r = static_cast<Eigen::Index>(k);
        if (fitted.algorithm) {
            used.push_back(fitted.selected[k]);
            continue;
        }
        if (fitted.model.beta.cols() > 0 && (fitted.model.beta.row(r).array() != 0.0).any()) {
            used.push_back(fitted.selected[k]);
            rows.push_back(r);
        }
    }
    // ComBat's covariates stay inputs after the used features.
    std::vector<Index> inputs = used;
    if (fitted.combat)
        for (const Index c : covariateColumns(fitted.spec.combatCovariates, fitted.inputFeatures))
            if (std::find(used.begin(), used.end(), c) == used.end())
                inputs.push_back(c);
    // A rad-score model keeps the rad-score as its first stage column even
    // when the learner dropped it (stageInput() builds it there).
    if (fitted.radScore && (inputs.empty() || inputs.front() != 0))
        inputs.insert(inputs.begin(), 0);
    FittedPipeline out = fitted;
    out.inputFeatures.clear();
    const std::vector<std::string>& stage = stageColumns(fitted);
    for (const Index j : inputs)
        out.inputFeatures.push_back(stage[static_cast<std::size_t>(j)]);
    if (fitted.radScore) {
        auto radiomic = std::make_shared<FittedPipeline>(reducedToSelected(*fitted.radScore));
        out.inputFeatures.erase(out.inputFeatures.begin());
        out.inputFeatures.insert(out.inputFeatures.end(), radiomic->inputFeatures.begin(),
                                 radiomic->inputFeatures.end());
        out.radScore = std::move(radiomic);
    }
    out.preprocessing = subsetColumns(fitted.preprocessing, inputs);
    if (fitted.combat)
        out.combat = stats::subsetFeatures(*fitted.combat, inputs);
    if (!fitted.stabilityIcc.empty()) {
        out.stabilityIcc.clear();
        for (const Index j : inputs)
            out.stabilityIcc.push_back(fitted.stabilityIcc[static_cast<std::size_t>(j)]);
    }
    out.selected.clear();
    if (fitted.algorithm) {
        for (std::size_t k = 0; k < used.size(); ++k)
            out.selected.push_back(static_cast<Eigen::Index>(k));
        return out;
    }
    out.model.features.clear();
    out.model.beta.resize(static_cast<Eigen::Index>(rows.size()), fitted.model.beta.cols());
    const Index first = inputs.size() > used.size() && fitted.radScore ? 1 : 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        out.selected.push_back(static_cast<Eigen::Index>(k) + first);
        out.model.features.push_back(fitted.model.features[static_cast<std::size_t>(rows[k])]);
        out.model.beta.row(static_cast<Eigen::Index>(k)) = fitted.model.beta.row(rows[k]);
    }
    return out;
}

} // namespace rgw::modeling
