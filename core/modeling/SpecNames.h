#pragma once

// The names of the pipeline's options, as the CLI flags, the model files and
// the GUI write them. parse*() throws rgw::Error for an unknown name and
// lists the known ones.

#include "modeling/FeatureSelection.h"
#include "modeling/Pipeline.h"
#include "modeling/Preprocessing.h"
#include "stats/CoxRegression.h"

#include <string_view>

namespace rgw::modeling {

Imputation parseImputation(std::string_view name); ///< "none" | "median"
const char* imputationName(Imputation value);

/// "near-zero-variance" | "univariate" | "correlation"
SelectionKind parseSelectionKind(std::string_view name);
const char* selectionKindName(SelectionKind value);

UnivariateTest parseUnivariateTest(std::string_view name); ///< "auto" | "mann-whitney" | "welch-t"
const char* univariateTestName(UnivariateTest value);

LambdaRule parseLambdaRule(std::string_view name); ///< "min" | "1se"
const char* lambdaRuleName(LambdaRule value);

stats::CoxTies parseCoxTies(std::string_view name); ///< "efron" | "breslow"
const char* coxTiesName(stats::CoxTies value);

} // namespace rgw::modeling
