#pragma once

// The protocol of a trained model in words, from its stored pipeline spec
// (modeling/TrainedModel.h): what the methods section of the study report
// says about harmonisation, feature selection, the learner, validation and
// the decision rule. Written from the model itself, so the text always
// matches what was run.

#include "modeling/TrainedModel.h"

#include <string>
#include <utility>
#include <vector>

namespace rgw::report {

/// "Label: text" lines in pipeline order: task, training rows, the radiomic
/// parameter set of the features (when there is one), missing
/// values, transforms, ComBat, stability filter, selection (one line per
/// step, in order, with its thresholds), rad-score, learner (penalty, λ
/// rule, hyper-parameters), features used, validation, decision rule and
/// the statement that every fitted step was fitted inside the resampling
/// loop (modeling/Validation.h: each outer training split fits the whole
/// pipeline).
std::vector<std::pair<std::string, std::string>> modelProtocol(const modeling::TrainedModel& model);

/// One selection step in words, e.g. "univariate Mann-Whitney test, keep
/// Benjamini-Hochberg q <= 0.05, at most 20 features".
std::string describeSelectionStep(const modeling::SelectionStep& step);

} // namespace rgw::report
