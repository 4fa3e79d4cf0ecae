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

/// "near-zero-variance" | "univariate" | "correlation" | "lasso" | "mrmr" |
/// "relieff" | "svm-rfe"
SelectionKind parseSelectionKind(std::string_view name);
const char* selectionKindName(SelectionKind value);

/// "auto" | "mann-whitney" | "welch-t" | "auc" | "cox"
UnivariateTest parseUnivariateTest(std::string_view name);
const char* univariateTestName(UnivariateTest value);

LambdaRule parseLambdaRule(std::string_view name); ///< "min" | "1se"
const char* lambdaRuleName(LambdaRule value);

stats::CoxTies parseCoxTies(std::string_view name); ///< "efron" | "breslow"
const char* coxTiesName(stats::CoxTies value);

} // namespace rgw::modeling
