#pragma once

// rgw-cli model train | evaluate | score | import: the validated protocol and
// the life of a stored model (modeling::trainModel, evaluateModel,
// scoreTable; storage::ModelRepository). Wiring only.

#include "CliArgs.h"
#include "CliCommands.h"
#include "modeling/TrainedModel.h"

namespace rgw::cli {

/// The response options shared by model fit and train: --model and --target,
/// or --time and --event for Cox; UsageError for a wrong combination.
modeling::ModelTask taskOptions(const ParsedArgs& parsed, const std::string& command);

int trainModelCommand(const CliContext& context, const ParsedArgs& parsed);
int evaluateModelCommand(const CliContext& context, const ParsedArgs& parsed);
int scoreModelCommand(const CliContext& context, const ParsedArgs& parsed);
int importModelCommand(const CliContext& context, const ParsedArgs& parsed);
int listModelsCommand(const CliContext& context, const ParsedArgs& parsed);
int predictionsCommand(const CliContext& context, const ParsedArgs& parsed);

} // namespace rgw::cli
