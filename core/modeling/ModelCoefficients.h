#pragma once

// The coefficient table of a trained model, as a report or a results page
// shows it: a linear model's coefficients on the scale of its input columns
// with exp(coefficient) as an odds or hazard ratio, and — for an
// unpenalised logistic or Cox model, whose final fit is a plain maximum-
// likelihood fit — the Wald standard errors, p-values and 95 % intervals of
// stats::CoefficientTable. A non-linear learner has no coefficients; its
// feature importance is given instead.

#include "modeling/Outcome.h"
#include "modeling/TrainedModel.h"
#include "stats/DataTable.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::modeling {

/// The positions of the model's features (model.features) among its
/// preprocessing's columns. Throws rgw::Error naming a feature without a
/// preprocessing step.
std::vector<Eigen::Index> modelFeatureColumns(const FittedPipeline& pipeline);

/// The rows a model's final learner was fitted on, found again in `table`
/// as trainModel found them (the "train" split when the table has a split
/// column, rows with a response, missing values imputed as the model does).
struct TrainingDesign {
    std::vector<Eigen::Index> columns; ///< modelFeatureColumns()
    Eigen::MatrixXd z;                 ///< rows × model features, preprocessed as fitted
    Eigen::MatrixXd x;                 ///< the same on the input scale: z · scale + centre
    Outcome y;                         ///< of those rows
};

/// The training design of `model` in `table`. Throws rgw::Error as
/// taskData does (a missing column), and when a model feature has no
/// preprocessing step.
TrainingDesign trainingDesignOf(const TrainedModel& model, const stats::DataTable& table);

/// One linear predictor's coefficients: one set for logistic and Cox, one
/// per class (its own linear predictor) for a multinomial model.
struct ModelCoefficientSet {
    std::string label;              ///< the class (multinomial), else empty
    std::vector<std::string> names; ///< "(Intercept)" first unless Cox
    std::vector<double> estimate;
    std::vector<double> ratio; ///< exp(estimate): odds / hazard ratio (NaN for the intercept)
    /// Wald statistics of stats::CoefficientTable; empty when the model has
    /// no standard errors (penalised, multinomial).
    std::vector<double> standardError, p, ratioLower, ratioUpper;
};

struct ModelCoefficients {
    bool linear = true;        ///< false: a non-linear learner (importance below)
    bool originalScale = true; ///< false: per SD of the preprocessed features
    std::vector<ModelCoefficientSet> sets;
    /// Non-linear learner: the features and their share of the importance
    /// (TrainedLearner::importance, in the learner's order; empty for an
    /// RBF SVM, which has none).
    std::vector<std::string> importanceFeatures;
    std::vector<double> importance;
    /// Why intervals or the input scale are missing, for the reader.
    std::vector<std::string> notes;
};

/// The coefficients of `model`, trained on `table` (trainingDesignOf).
/// The final learner is linear in z = (x − centre) / scale, so on the input
/// scale b_j = β_j / scale_j and the intercept is α − Σ β_j centre_j /
/// scale_j (the nomogram's coefficients, ModelNomogram.h). For an
/// unpenalised logistic or Cox model the same maximum-likelihood model is
/// fitted on the input-scale training rows (stats::fitLogistic / fitCox with
/// the model's ties): its estimates are b (checked to 1e-6 relative, else
/// the intervals are left out with a note) and its Wald table gives the
/// standard errors and intervals. With ComBat or a log-transformed feature
/// the model is not linear in its inputs: the coefficients are given per SD
/// of the preprocessed features (originalScale false) with a note.
ModelCoefficients coefficientsOfModel(const TrainedModel& model, const stats::DataTable& table);

} // namespace rgw::modeling
