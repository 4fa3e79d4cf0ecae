// Cohort filter expressions: grammar, precedence, missing values that never
// satisfy a comparison, gene statuses where not profiled is never wild-type,
// errors that name the column, and the normalised text a cohort stores.
#include "cohort/CohortFilter.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using rgw::cohort::CohortFilter;
using rgw::cohort::PatientVariables;
using rgw::cohort::Value;

namespace {

PatientVariables patient(double age, const std::string& egfr, const std::string& sex) {
    PatientVariables p;
    p["AGE"] = Value::number(age);
    p["mut_EGFR"] = Value::text(egfr);
    p["SEX"] = Value::text(sex);
    p["has_CT"] = Value::text("true");
    return p;
}

} // namespace

TEST(CohortFilter, ComparesNumbersAndTextAndHonoursPrecedence) {
    const auto young = patient(45, "mutated", "Female");
    const auto old = patient(71, "wild-type", "Male");
    EXPECT_TRUE(CohortFilter::parse("AGE > 60").matches(old));
    EXPECT_FALSE(CohortFilter::parse("AGE > 60").matches(young));
    EXPECT_TRUE(CohortFilter::parse("AGE <= 45").matches(young));
    EXPECT_TRUE(CohortFilter::parse("SEX = Female").matches(young));
    EXPECT_TRUE(CohortFilter::parse("SEX = 'Female'").matches(young));
    EXPECT_TRUE(CohortFilter::parse("SEX != \"Female\"").matches(old));
    // 'and' binds tighter than 'or'.
    const auto f = CohortFilter::parse("AGE > 60 and SEX = Female or mut_EGFR is mutated");
    EXPECT_TRUE(f.matches(young)); // by the second branch
    EXPECT_FALSE(f.matches(old));  // old, but male and wild-type
    const auto g = CohortFilter::parse("AGE > 60 and (SEX = Female or mut_EGFR is wild-type)");
    EXPECT_FALSE(g.matches(young));
    EXPECT_TRUE(g.matches(old));
    EXPECT_TRUE(CohortFilter::parse("not (AGE > 60)").matches(young));
    EXPECT_TRUE(CohortFilter::parse("has_CT is true AND age_unused is missing").matches(young));
}

TEST(CohortFilter, MissingNeverSatisfiesAComparison) {
    PatientVariables unknownAge = patient(0, "mutated", "Female");
    unknownAge.erase("AGE");
    EXPECT_FALSE(CohortFilter::parse("AGE > 60").matches(unknownAge));
    EXPECT_FALSE(CohortFilter::parse("AGE <= 60").matches(unknownAge));
    EXPECT_FALSE(CohortFilter::parse("AGE = 0").matches(unknownAge)); // missing is not zero
    EXPECT_FALSE(CohortFilter::parse("AGE != 0").matches(unknownAge));
    EXPECT_TRUE(CohortFilter::parse("AGE is missing").matches(unknownAge));
    EXPECT_FALSE(CohortFilter::parse("AGE is not missing").matches(unknownAge));
    unknownAge["AGE"] = Value::missing();
    EXPECT_TRUE(CohortFilter::parse("AGE is missing").matches(unknownAge));
}

TEST(CohortFilter, NotProfiledIsNeitherMutatedNorWildType) {
    const auto notProfiled = patient(50, "not-profiled", "Male");
    EXPECT_FALSE(CohortFilter::parse("mut_EGFR is mutated").matches(notProfiled));
    EXPECT_FALSE(CohortFilter::parse("mut_EGFR is wild-type").matches(notProfiled));
    EXPECT_TRUE(CohortFilter::parse("mut_EGFR is not-profiled").matches(notProfiled));
    EXPECT_FALSE(CohortFilter::parse("mut_EGFR is missing").matches(notProfiled));
    EXPECT_TRUE(CohortFilter::parse("mut_EGFR = not-profiled").matches(notProfiled));
}

TEST(CohortFilter, NamesItsVariablesAndNormalisesItsText) {
    const auto f = CohortFilter::parse("  age_years>=18 AND ( mut_KRAS IS NOT mutated OR  "
                                       "STAGE='III b' ) and not has_MR is true");
    EXPECT_EQ(f.text(),
              "age_years >= 18 and (mut_KRAS is not mutated or STAGE = 'III b') and not has_MR "
              "is true");
    EXPECT_EQ(f.variables(),
              (std::vector<std::string>{"STAGE", "age_years", "has_MR", "mut_KRAS"}));
    // The normalised text parses to itself.
    EXPECT_EQ(CohortFilter::parse(f.text()).text(), f.text());
    EXPECT_TRUE(CohortFilter::parse("").matches({}));
    EXPECT_EQ(CohortFilter::parse("").text(), "");
}

TEST(CohortFilter, SyntaxErrorsNameTheColumn) {
    const auto message = [](const std::string& text) {
        try {
            CohortFilter::parse(text);
        } catch (const rgw::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("AGE >"), "filter: expected a value after '>' at column 6");
    EXPECT_EQ(message("AGE 60"),
              "filter: expected a comparison (= != < <= > >=) or 'is' after 'AGE' at column 5");
    EXPECT_EQ(message("(AGE > 60"), "filter: expected ')' at column 10");
    EXPECT_EQ(message("AGE > 60 SEX = F"), "filter: unexpected 'SEX' at column 10");
    EXPECT_EQ(message("SEX = 'F"), "filter: unterminated quoted text at column 7");
    EXPECT_EQ(message("AGE is old"),
              "filter: expected missing, mutated, wild-type, not-profiled, true or false after "
              "'is' at column 8");
    EXPECT_EQ(message("AGE ! 3"), "filter: '!' must be followed by '=' at column 5");
    EXPECT_EQ(message("and"), "filter: expected a variable, found 'and' at column 1");
}
