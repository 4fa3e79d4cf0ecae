#pragma once

// A model pipeline: preprocessing → ComBat (optional) → stability filter
// (optional) → feature selection → learner. fitPipeline() fits every step on the rows it is given
// and nothing else; validation calls it on each training split, so imputation, scaling,
// harmonisation, selection and the choice of λ are all inside the resampling
// loop. The fitted pipeline applies its learned numbers unchanged to new rows.

#include "modeling/FeatureSelection.h"
#include "modeling/Learners.h"
#include "modeling/ModelKind.h"
#include "modeling/Outcome.h"
#include "modeling/Preprocessing.h"
#include "modeling/StabilityFilter.h"
#include "stats/ComBat.h"
#include "stats/CoxRegression.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

/// Which λ of the inner cross-validation a penalised learner keeps.
enum class LambdaRule {
    Min,              ///< glmnet's lambda.min: the smallest cross-validated deviance
    OneStandardError, ///< glmnet's lambda.1se: the largest λ within one SE of it
};

struct LearnerSpec {
    ModelKind kind = ModelKind::Logistic;
    Penalty penalty = Penalty::Lasso;
    std::optional<double> alpha; ///< elastic net only (penaltyAlpha)
    LambdaRule lambdaRule = LambdaRule::Min;
    int innerFolds = 10;                         ///< folds of the inner CV choosing λ
    stats::CoxTies ties = stats::CoxTies::Efron; ///< unpenalised Cox (penalised: Breslow)
    /// A non-linear learner (random forest, gradient boosting, SVM; Learners.h)
    /// instead of the (penalised) linear model; nullopt = linear. Its seed is
    /// fitPipeline's, so folds and final fit are reproducible.
    std::optional<LearnerKind> algorithm;
    LearnerOptions algorithmOptions; ///< defaultLearnerOptions(*algorithm) unless changed
};

/// The rad-score of a rad-score + clinical model: a penalised linear model
/// of the radiomic features `features` whose linear predictor (log-odds or
/// Cox log relative risk) becomes one predictor, "rad-score", of the
/// pipeline's own learner next to the remaining (clinical) columns.
struct RadScoreSpec {
    std::vector<std::string> features; ///< the radiomic columns (by name) forming the score
    PreprocessingSpec preprocessing;   ///< of the radiomic columns
    Penalty penalty = Penalty::Lasso;
    std::optional<double> alpha; ///< elastic net only (penaltyAlpha)
    LambdaRule lambdaRule = LambdaRule::Min;
    int innerFolds = 10; ///< folds of the inner CV choosing λ
    /// The rad-score of each training row that the second stage is fitted
    /// on is cross-fitted: the training rows are split into this many
    /// stratified folds and a row's score comes from the radiomic model
    /// fitted without its fold, so the second stage sees scores as honest
    /// as a new patient's (an in-sample score is optimistic and inflates
    /// its coefficient). 0 = in-sample (the final radiomic model's score).
    /// New rows are always scored by the radiomic model fitted on all
    /// training rows.
    int crossFitFolds = 5;
};

/// The name of the rad-score predictor of the second stage.
inline constexpr const char* kRadScoreName = "rad-score";

struct PipelineSpec {
    PreprocessingSpec preprocessing;
    bool combat = false; ///< harmonise features across PipelineData::batch
    std::vector<SelectionStep> selection;
    LearnerSpec learner;
    /// Columns of PipelineData::x (by name) that ComBat keeps as biological
    /// covariates: their effect on the other features is preserved (sva's
    /// mod) and they are not harmonised themselves (they stay features for
    /// selection and the learner). Their values as given (before
    /// preprocessing, which does not change ComBat's result for a linear
    /// covariate) must be present in every row; code a factor as 0/1 columns.
    /// Only with `combat`.
    std::vector<std::string> combatCovariates;
    bool combatParametric = true; ///< ComBatOptions::parametric (false: sva's par.prior = FALSE)
    bool combatMeanOnly = false;  ///< ComBatOptions::meanOnly
    /// Keep only the features whose repeated extraction (PipelineData::repeats)
    /// agrees with the first on the training rows (StabilityFilter.h); runs
    /// before `selection`, on the values as given (before preprocessing and
    /// ComBat: the stability of the extraction itself). ComBat covariates
    /// are exempt.
    std::optional<StabilitySpec> stability;
    /// A rad-score + clinical model: the columns radScore->features form the
    /// rad-score (fitted on the same rows, inside every resampling fold) and
    /// the learner, preprocessing and selection above act on the rad-score
    /// followed by the other columns. Logistic and Cox, linear learner, no
    /// ComBat and no stability filter.
    std::optional<RadScoreSpec> radScore;
};

/// The rad-score's model of a fit with seed s draws from streamSeed(s,
/// kRadScoreSeedStream) (its λ's inner folds), its cross-fitting folds from
/// streamSeed(s, kRadScoreSeedStream + 1) and the model of cross-fitting
/// fold k (0-based) from streamSeed(s, kRadScoreSeedStream + 2 + k).
inline constexpr std::uint64_t kRadScoreSeedStream = 200;

/// Selection step k of a fit with seed s draws from streamSeed(s,
/// kSelectionSeedStream + k) (Resampling.h), whatever SelectionStep::seed says.
inline constexpr std::uint64_t kSelectionSeedStream = 100;

/// The rows a pipeline is fitted on or applied to.
struct PipelineData {
    Eigen::MatrixXd x;                 ///< rows × features, NaN = missing
    std::vector<std::string> features; ///< column names
    Outcome y;                         ///< ignored by prediction
    std::vector<std::string> batch;    ///< per row, for ComBat (site / scanner)
    /// Rows × features: a second (repeated or perturbed) extraction of each
    /// feature, for the stability filter; a row without one is all NaN. Empty
    /// (0 × 0) when there are none.
    Eigen::MatrixXd repeats;

    /// The rows `rows` (order kept, repeats allowed).
    PipelineData subset(const std::vector<std::size_t>& rows) const;
};

/// The learner's result: a linear predictor on the selected, preprocessed
/// features. Logistic: one column, score = P(y = 1); Cox: one column, score =
/// linear predictor (higher = higher risk); multinomial: one column per class.
struct LinearModel {
    std::vector<std::string> features; ///< the selected features, in order
    Eigen::VectorXd intercept;         ///< one per column (0 for Cox)
    Eigen::MatrixXd beta;              ///< features × columns
    double lambda = 0;                 ///< 0 for an unpenalised fit
};

struct FittedPipeline {
    PipelineSpec spec;
    /// The columns new data must have, in order. With a rad-score: the
    /// clinical columns of the second stage followed by radScore->inputFeatures.
    std::vector<std::string> inputFeatures;
    /// Its columns are those the learner's stage sees (stageColumns()): the
    /// inputFeatures, or with a rad-score "rad-score" and the clinical columns.
    FittedPreprocessing preprocessing;
    std::optional<stats::ComBatModel> combat;
    std::vector<Eigen::Index> selected; ///< indices into preprocessing.columns
    /// The linear learner; with a non-linear one, only its features (the
    /// selected ones, in order) are set.
    LinearModel model;
    std::optional<TrainedLearner> algorithm; ///< the non-linear learner, when used
    std::vector<std::string> classes;
    /// Per input feature, the training ICC of the stability filter (NaN for
    /// exempt features and undefined ICCs); empty without the filter. For
    /// reporting only: `selected` already excludes the unstable features.
    std::vector<double> stabilityIcc;
    /// The rad-score's radiomic model (fitted on all training rows; its
    /// spec is radScoreStageSpec()), or null for an ordinary pipeline.
    std::shared_ptr<const FittedPipeline> radScore;
    /// The rad-score of each training row as the second stage was fitted on
    /// it (cross-fitted unless RadScoreSpec::crossFitFolds is 0); empty
    /// without a rad-score. For reporting and checks; not written to files.
    Eigen::VectorXd trainingRadScore;
};

/// The spec the rad-score's radiomic model is fitted with: its
/// preprocessing and penalised learner of `kind`, nothing else.
PipelineSpec radScoreStageSpec(const RadScoreSpec& spec, ModelKind kind);

/// The columns the learner's stage acts on (preprocessing.columns).
const std::vector<std::string>& stageColumns(const FittedPipeline& fitted);

/// The rows × stageColumns() values preprocessing takes, from data with the
/// inputFeatures columns: data.x itself, or the rad-score (the radiomic
/// model's linear predictor) followed by the clinical columns.
Eigen::MatrixXd stageInput(const FittedPipeline& fitted, const PipelineData& data);

/// The linear predictor(s) of a linear pipeline (rows × columns; logistic:
/// the log-odds, Cox: the log relative risk), from data with the
/// inputFeatures columns. Throws rgw::Error for a non-linear learner.
Eigen::MatrixXd linearPredictor(const FittedPipeline& fitted, const PipelineData& data);

struct Prediction {
    Eigen::VectorXd score;              ///< P(y = 1) or the Cox linear predictor
    Eigen::MatrixXd classProbabilities; ///< multinomial: rows × classes
};

/// Fits every step on `data`. `seed` fixes the inner folds of λ's
/// cross-validation. Throws rgw::Error for an unusable specification or
/// data (a class or event missing, too few rows for the inner folds, a
/// ComBat covariate that is not a column or has a missing value, the
/// stability filter without repeats of at least 3 rows, ...) and stops early when `cancel` is set
/// (rgw::Error "cancelled").
FittedPipeline fitPipeline(const PipelineSpec& spec, const PipelineData& data, std::uint64_t seed,
                           const CancelToken* cancel = nullptr);

/// Applies a fitted pipeline to new rows (data.x with the inputFeatures
/// columns; data.batch when it uses ComBat; the ComBat covariate columns
/// present in every row). Throws rgw::Error naming a ComBat covariate that
/// is missing.
Prediction predictPipeline(const FittedPipeline& fitted, const PipelineData& data);

/// The fitted pipeline reduced to the features its learner uses (a linear
/// model's non-zero coefficients; every selected feature of a non-linear
/// learner): the same predictions from only those inputs (preprocessing and ComBat act on each
/// feature alone once fitted). ComBat's covariate columns stay inputs
/// (after the used features) even when the learner does not use them: the
/// harmonisation needs them. This is what a model file stores and what
/// scoring requires of a new patient.
FittedPipeline reducedToSelected(const FittedPipeline& fitted);

} // namespace rgw::modeling
