#pragma once

// The nomogram of a trained model: its final linear predictor rewritten in
// the units of the input columns, with the axis ranges and (Cox) baseline
// hazard rms::nomogram takes from the training data. Nomogram.h draws it.

#include "modeling/Nomogram.h"
#include "modeling/TrainedModel.h"
#include "stats/DataTable.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

/// The largest number of predictors a nomogram is drawn for (beyond it the
/// figure is no longer readable).
inline constexpr std::size_t kMaxNomogramPredictors = 15;

/// A predictor with at most this many distinct training values is drawn at
/// those values (Hmisc::datadist's n.unique), else as a continuous axis.
inline constexpr std::size_t kMaxDiscreteNomogramValues = 10;

struct ModelNomogram {
    std::optional<NomogramModel> model; ///< nullopt when the model cannot be drawn
    std::string whyNot;                 ///< the reason, for the user, when it cannot
};

/// The nomogram of `model`, trained on `table` (its training rows are found
/// again as trainModel found them: the "train" split when the table has a
/// split column, rows with a response, missing values imputed as the model
/// does). The final model is linear in the standardised features
/// z = (x - centre) / scale, so on the input scale b_j = beta_j / scale_j and
/// the intercept is alpha - sum_j beta_j centre_j / scale_j (rms's lrm / cph
/// coefficients for an unpenalised model). Axis ranges are the training
/// rows' minimum and maximum (datadist's Low / High), or their distinct
/// values when there are at most kMaxDiscreteNomogramValues; the
/// linear-predictor range is that of the training rows.
/// Cox: centre = sum_j b_j mean_j (cph's convention) and H0(t) at each of
/// `survivalTimes` moved to that centre, estimated as survfit.coxph does for
/// the model's ties (Breslow for a penalised model, as glmnet fits it; the
/// spec's ties otherwise) — so that survival at a time equals
/// rms's Survival(cph)(t, lp). Times before the first event are left out.
/// A rad-score + clinical model is drawn as its second stage: "rad-score"
/// (the radiomic model's linear predictor, on the training rows as the
/// final radiomic model scores them) and the clinical columns.
/// Not drawn (whyNot set) for multinomial models, non-linear learners, no
/// or more than kMaxNomogramPredictors features, log-transformed features,
/// ComBat (the model is then not linear in the inputs), or a Cox model
/// without an event by any of the times.
ModelNomogram nomogramOfModel(const TrainedModel& model, const stats::DataTable& table,
                              const std::vector<double>& survivalTimes);

} // namespace rgw::modeling
