#pragma once

// One model fitted on every complete row of a table, with no resampling:
// what `rgw-cli model fit` prints, and the way to compare a fit with R's
// glm / coxph / glmnet on the same data. A validated model comes from the
// training protocol instead (cross-validation, selection inside the loop).

#include "modeling/ModelKind.h"
#include "stats/CoxRegression.h"
#include "stats/DataTable.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::modeling {

struct FitRequest {
    ModelKind model = ModelKind::Logistic;
    std::string target;                ///< logistic, multinomial
    std::string time, event;           ///< Cox
    std::vector<std::string> features; ///< empty: every numeric column but the responses
    Penalty penalty = Penalty::None;
    std::optional<double> alpha;  ///< elastic net only
    std::optional<double> lambda; ///< required with a penalty
    /// Cox ties: default Efron (as coxph) unpenalised, Breslow (as glmnet)
    /// penalised; a penalised fit with Efron ties is refused.
    std::optional<stats::CoxTies> ties;
};

/// The estimates of one linear predictor: for multinomial one set per class
/// but the reference class (the first), otherwise one set.
struct CoefficientSet {
    std::string label;              ///< the class (multinomial), else empty
    std::vector<std::string> names; ///< "(Intercept)" first for logistic models
    std::vector<double> estimate;
    std::vector<double> standardError;                       ///< empty for penalised fits
    std::vector<double> z, p, ratio, ratioLower, ratioUpper; ///< Wald, exp(estimate), 95 % CI
};

struct FitSummary {
    FitRequest request; ///< with features and alpha resolved
    double alpha = 1.0;
    std::vector<CoefficientSet> sets;
    std::optional<double> logLikelihood; ///< unpenalised fits
    std::size_t rowsUsed = 0, rowsDropped = 0;
    std::vector<std::string> classes; ///< logistic: {0-value, 1-value}; multinomial: all
};

/// Fits `request` on the complete rows of `table` (rows with a missing
/// response or feature are dropped, as R's na.omit). Throws rgw::Error for
/// unknown or non-numeric columns, a response used as a feature, a penalty
/// without lambda (or lambda without a penalty) and everything the fitters
/// refuse (separation, collinearity, ...).
FitSummary fitTable(const stats::DataTable& table, FitRequest request);

} // namespace rgw::modeling
