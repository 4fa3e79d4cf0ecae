#pragma once

// rgw-cli model train | evaluate | score | import: the validated protocol and
// the life of a stored model (modeling::trainModel, evaluateModel,
// scoreTable; storage::ModelRepository). Wiring only.

#include "CliArgs.h"
#include "CliCommands.h"

namespace rgw::cli {

int trainModelCommand(const CliContext& context, const ParsedArgs& parsed);
int evaluateModelCommand(const CliContext& context, const ParsedArgs& parsed);
int scoreModelCommand(const CliContext& context, const ParsedArgs& parsed);
int importModelCommand(const CliContext& context, const ParsedArgs& parsed);
int listModelsCommand(const CliContext& context, const ParsedArgs& parsed);
int predictionsCommand(const CliContext& context, const ParsedArgs& parsed);

} // namespace rgw::cli
