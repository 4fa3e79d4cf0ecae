#include "modeling/Preprocessing.h"
#include "modeling/Resampling.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <set>

namespace {

using namespace rgw::modeling;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Resampling, StratifiedFoldsBalanceClassesAndSizesAndDependOnlyOnTheSeed) {
    std::vector<int> label(103, 0);
    for (std::size_t i = 0; i < 31; ++i)
        label[i * 3] = 1; // 31 positives, 72 negatives
    const auto fold = stratifiedFolds(label, 5, 42);
    EXPECT_EQ(fold, stratifiedFolds(label, 5, 42));
    EXPECT_NE(fold, stratifiedFolds(label, 5, 43));
    std::vector<int> size(5, 0), positives(5, 0);
    for (std::size_t i = 0; i < label.size(); ++i) {
        ++size[static_cast<std::size_t>(fold[i])];
        positives[static_cast<std::size_t>(fold[i])] += label[i];
    }
    for (int f = 0; f < 5; ++f) {
        EXPECT_GE(size[static_cast<std::size_t>(f)], 20);
        EXPECT_LE(size[static_cast<std::size_t>(f)], 21);
        EXPECT_GE(positives[static_cast<std::size_t>(f)], 6); // 31 / 5 = 6.2
        EXPECT_LE(positives[static_cast<std::size_t>(f)], 7);
    }
    const auto splits = foldSplits(fold, 5);
    std::set<std::size_t> tested;
    for (const Split& s : splits) {
        EXPECT_EQ(s.train.size() + s.test.size(), label.size());
        tested.insert(s.test.begin(), s.test.end());
    }
    EXPECT_EQ(tested.size(), label.size()); // every row tested exactly once
}

TEST(Resampling, RepeatsDifferAndBootstrapIsOutOfBag) {
    const std::vector<int> label(40, 0);
    const auto splits = repeatedStratifiedSplits(label, 4, 3, 7);
    ASSERT_EQ(splits.size(), 12u);
    EXPECT_NE(splits[0].test, splits[4].test);
    const auto boot = bootstrapSamples(50, 3, 9);
    for (const Split& s : boot) {
        EXPECT_EQ(s.train.size(), 50u);
        for (const std::size_t row : s.test)
            EXPECT_EQ(std::count(s.train.begin(), s.train.end(), row), 0);
        // About e^-1 of the rows are out of bag.
        EXPECT_GT(s.test.size(), 8u);
        EXPECT_LT(s.test.size(), 30u);
    }
    EXPECT_THROW(stratifiedFolds(label, 1, 1), rgw::Error);
    EXPECT_THROW(stratifiedFolds(std::vector<int>(3, 0), 5, 1), rgw::Error);
}

TEST(Preprocessing, LearnsOnTrainingRowsOnlyAndAppliesUnchanged) {
    Eigen::MatrixXd train(5, 3);
    train << 1, 0, -2, //
        2, 1, 0,       //
        kNaN, 1, 3,    //
        4, 0, kNaN,    //
        10, 1, 1;
    PreprocessingSpec spec;
    spec.logColumns = {"c"};
    const auto f = fitPreprocessing(train, {"a", "b", "c"}, spec);
    EXPECT_EQ(f.fill[0], 3.0);     // median of 1, 2, 4, 10
    EXPECT_EQ(f.fill[1], 1.0);     // mode of a binary column
    EXPECT_EQ(f.logShift[2], 3.0); // 1 - min(-2)
    EXPECT_NEAR(f.center[0], 17.0 / 4.0, 1e-15);

    Eigen::MatrixXd test(2, 3);
    test << kNaN, 0, -50, //
        100, 1, 1;
    const Eigen::MatrixXd out = applyPreprocessing(f, test);
    EXPECT_NEAR(out(0, 0), (3.0 - f.center[0]) / f.scale[0], 1e-15); // the training median
    EXPECT_NEAR(out(0, 2), (std::log(1.0) - f.center[2]) / f.scale[2], 1e-15); // clamped
    EXPECT_NEAR(out(1, 2), (std::log(4.0) - f.center[2]) / f.scale[2], 1e-15);
    // The test rows changed nothing that was fitted.
    const auto again = fitPreprocessing(train, {"a", "b", "c"}, spec);
    EXPECT_EQ(again.center, f.center);

    PreprocessingSpec none;
    none.imputation = Imputation::None;
    const auto g = fitPreprocessing(train, {"a", "b", "c"}, none);
    try {
        applyPreprocessing(g, test);
        FAIL();
    } catch (const rgw::Error& e) {
        EXPECT_STREQ(e.what(), "preprocessing: row 1 has no value of 'a' and imputation is off");
    }
    Eigen::MatrixXd empty(2, 1);
    empty << kNaN, kNaN;
    EXPECT_THROW(fitPreprocessing(empty, {"x"}, spec), rgw::Error);
}

} // namespace
