#include "modeling/SpecNames.h"

#include "modeling/NameTable.h"

namespace rgw::modeling {

namespace {

using detail::Named;

constexpr Named<Imputation> kImputations[] = {
    {Imputation::None, "none"}, {Imputation::Median, "median"}, {Imputation::Drop, "drop"}};
constexpr Named<SelectionKind> kSelections[] = {
    {SelectionKind::NearZeroVariance, "near-zero-variance"},
    {SelectionKind::Univariate, "univariate"},
    {SelectionKind::Correlation, "correlation"},
    {SelectionKind::Lasso, "lasso"},
    {SelectionKind::Mrmr, "mrmr"},
    {SelectionKind::ReliefF, "relieff"},
    {SelectionKind::SvmRfe, "svm-rfe"}};
constexpr Named<UnivariateTest> kTests[] = {{UnivariateTest::Automatic, "auto"},
                                            {UnivariateTest::MannWhitney, "mann-whitney"},
                                            {UnivariateTest::WelchT, "welch-t"},
                                            {UnivariateTest::Auc, "auc"},
                                            {UnivariateTest::Cox, "cox"}};
constexpr Named<LambdaRule> kLambdaRules[] = {{LambdaRule::Min, "min"},
                                              {LambdaRule::OneStandardError, "1se"}};
constexpr Named<stats::CoxTies> kTies[] = {{stats::CoxTies::Efron, "efron"},
                                           {stats::CoxTies::Breslow, "breslow"}};

} // namespace

Imputation parseImputation(std::string_view name) {
    return detail::parseNamed<Imputation>(kImputations, name, "imputation");
}
const char* imputationName(Imputation value) {
    return detail::nameOf<Imputation>(kImputations, value);
}

SelectionKind parseSelectionKind(std::string_view name) {
    return detail::parseNamed<SelectionKind>(kSelections, name, "selection step");
}
const char* selectionKindName(SelectionKind value) {
    return detail::nameOf<SelectionKind>(kSelections, value);
}

UnivariateTest parseUnivariateTest(std::string_view name) {
    return detail::parseNamed<UnivariateTest>(kTests, name, "univariate test");
}
const char* univariateTestName(UnivariateTest value) {
    return detail::nameOf<UnivariateTest>(kTests, value);
}

LambdaRule parseLambdaRule(std::string_view name) {
    return detail::parseNamed<LambdaRule>(kLambdaRules, name, "lambda rule");
}
const char* lambdaRuleName(LambdaRule value) {
    return detail::nameOf<LambdaRule>(kLambdaRules, value);
}

stats::CoxTies parseCoxTies(std::string_view name) {
    return detail::parseNamed<stats::CoxTies>(kTies, name, "ties method");
}
const char* coxTiesName(stats::CoxTies value) {
    return detail::nameOf<stats::CoxTies>(kTies, value);
}

} // namespace rgw::modeling
