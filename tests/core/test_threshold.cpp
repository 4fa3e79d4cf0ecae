// core/stats/Threshold against R pROC 1.18.0 coords and a multinomial model's
// confusion matrix (tests/reference/metrics/make_metrics.R).

#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/Threshold.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <string>

namespace {

using rgw::stats::DataTable;

struct Set {
    Eigen::VectorXd p, y;
};

Set predictions(const std::string& set) {
    const DataTable t =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_predictions.csv"));
    std::vector<double> p, y;
    for (std::size_t r = 0; r < t.rows(); ++r)
        if (t.text("set")[r] == set) {
            p.push_back(t.numbers("p")[r]);
            y.push_back(t.numbers("malignant")[r]);
        }
    const auto n = static_cast<Eigen::Index>(p.size());
    return {Eigen::Map<Eigen::VectorXd>(p.data(), n), Eigen::Map<Eigen::VectorXd>(y.data(), n)};
}

TEST(Threshold, YoudenOnTrainingEqualsPROC) {
    const Set train = predictions("train");
    const DataTable ref = DataTable::read(rgw::test::referenceFile("metrics/metrics_youden.csv"));
    ASSERT_EQ(ref.numbers("rows")[0], 1.0); // a unique optimum
    const auto best = rgw::stats::youdenThreshold(train.p, train.y);
    EXPECT_NEAR(best.threshold, ref.numbers("threshold")[0], 1e-15);
    EXPECT_NEAR(best.sensitivity, ref.numbers("sensitivity")[0], 1e-15);
    EXPECT_NEAR(best.specificity, ref.numbers("specificity")[0], 1e-15);
    std::cout << "[ max |diff| vs pROC ] Youden threshold: "
              << std::abs(best.threshold - ref.numbers("threshold")[0]) << "\n";
}

TEST(Threshold, PerformanceOnTestEqualsPROCCoords) {
    const Set test = predictions("test");
    const Set train = predictions("train");
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_threshold.csv"));
    double maxDiff = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string name = ref.text("name")[r];
        const double threshold = name == "youden_on_test"
                                     ? rgw::stats::youdenThreshold(train.p, train.y).threshold
                                     : ref.numbers("threshold")[r];
        if (name == "test_score") { // a threshold equal to a score: >= calls it positive
            EXPECT_EQ(threshold, test.p(6));
        }
        const auto perf = rgw::stats::thresholdPerformance(test.p, test.y, threshold);
        EXPECT_EQ(static_cast<double>(perf.truePositives), ref.numbers("tp")[r]) << name;
        EXPECT_EQ(static_cast<double>(perf.falsePositives), ref.numbers("fp")[r]) << name;
        EXPECT_EQ(static_cast<double>(perf.trueNegatives), ref.numbers("tn")[r]) << name;
        EXPECT_EQ(static_cast<double>(perf.falseNegatives), ref.numbers("fn")[r]) << name;
        for (const auto& [column, value] :
             {std::pair{"threshold", perf.threshold}, std::pair{"sensitivity", perf.sensitivity},
              std::pair{"specificity", perf.specificity}, std::pair{"ppv", perf.ppv},
              std::pair{"npv", perf.npv}, std::pair{"accuracy", perf.accuracy}}) {
            EXPECT_NEAR(value, ref.numbers(column)[r], 1e-12) << name << " " << column;
            maxDiff = std::max(maxDiff, std::abs(value - ref.numbers(column)[r]));
        }
    }
    std::cout << "[ max |diff| vs pROC ] coords at threshold: " << maxDiff << "\n";
}

TEST(Threshold, NothingCalledPositiveGivesNanPpv) {
    const Eigen::VectorXd s = (Eigen::VectorXd(4) << 1, 2, 3, 4).finished();
    const Eigen::VectorXd y = (Eigen::VectorXd(4) << 0, 0, 1, 1).finished();
    const auto perf = rgw::stats::thresholdPerformance(s, y, INFINITY);
    EXPECT_TRUE(std::isnan(perf.ppv));
    EXPECT_EQ(perf.specificity, 1.0);
    EXPECT_EQ(perf.npv, 0.5);
}

TEST(Threshold, MulticlassEqualsR) {
    const DataTable pred =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_multiclass_predictions.csv"));
    const auto n = static_cast<Eigen::Index>(pred.rows());
    Eigen::MatrixXd prob(n, 3);
    Eigen::VectorXd cls(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto r = static_cast<std::size_t>(i);
        cls(i) = pred.numbers("ph_ecog")[r];
        prob(i, 0) = pred.numbers("p0")[r];
        prob(i, 1) = pred.numbers("p1")[r];
        prob(i, 2) = pred.numbers("p2")[r];
    }
    const auto m = rgw::stats::multiclassPerformance(prob, cls);
    const DataTable cm = DataTable::read(rgw::test::referenceFile("metrics/metrics_confusion.csv"));
    ASSERT_EQ(cm.rows(), 9u);
    for (std::size_t r = 0; r < cm.rows(); ++r)
        EXPECT_EQ(m.counts(static_cast<Eigen::Index>(cm.numbers("true")[r]),
                           static_cast<Eigen::Index>(cm.numbers("predicted")[r])),
                  cm.numbers("count")[r]);
    EXPECT_DOUBLE_EQ(m.accuracy, m.counts.trace() / static_cast<double>(n));
    const DataTable auc =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_one_vs_rest_auc.csv"));
    double maxDiff = 0;
    for (std::size_t r = 0; r < auc.rows(); ++r) {
        const double a = m.oneVsRestAuc(static_cast<Eigen::Index>(auc.numbers("class")[r]));
        EXPECT_NEAR(a, auc.numbers("auc")[r], 1e-12);
        maxDiff = std::max(maxDiff, std::abs(a - auc.numbers("auc")[r]));
    }
    std::cout << "[ max |diff| vs pROC ] one-vs-rest AUC: " << maxDiff << "\n";
}

TEST(Threshold, MulticlassTieGoesToLowestClass) {
    Eigen::MatrixXd prob(3, 3);
    prob << 0.4, 0.4, 0.2, //
        0.2, 0.4, 0.4,     //
        0.1, 0.1, 0.8;
    const Eigen::VectorXd cls = (Eigen::VectorXd(3) << 0, 1, 2).finished();
    const auto m = rgw::stats::multiclassPerformance(prob, cls);
    EXPECT_EQ(m.counts(0, 0), 1); // 0.4 = 0.4: class 0
    EXPECT_EQ(m.counts(1, 1), 1); // 0.4 = 0.4: class 1
    EXPECT_EQ(m.counts(2, 2), 1);
}

TEST(Threshold, BadInputIsAnError) {
    const Eigen::VectorXd s = (Eigen::VectorXd(4) << 1, 2, 3, 4).finished();
    const Eigen::VectorXd y = (Eigen::VectorXd(4) << 0, 0, 1, 1).finished();
    using rgw::stats::thresholdPerformance;
    EXPECT_THROW(thresholdPerformance(s.head(3), y, 2), rgw::Error);
    EXPECT_THROW(thresholdPerformance(s, y, std::nan("")), rgw::Error);
    Eigen::VectorXd bad = s;
    bad(2) = INFINITY;
    EXPECT_THROW(thresholdPerformance(bad, y, 2), rgw::Error);
    EXPECT_THROW(rgw::stats::youdenThreshold(bad, y), rgw::Error);
    EXPECT_THROW(thresholdPerformance(s, Eigen::VectorXd::Ones(4), 2), rgw::Error); // no control
    EXPECT_THROW(rgw::stats::youdenThreshold(s, Eigen::VectorXd::Zero(4)), rgw::Error);
    Eigen::MatrixXd prob = Eigen::MatrixXd::Constant(4, 3, 1.0 / 3);
    const Eigen::VectorXd cls = (Eigen::VectorXd(4) << 0, 1, 2, 1).finished();
    using rgw::stats::multiclassPerformance;
    EXPECT_NO_THROW(multiclassPerformance(prob, cls));
    EXPECT_THROW(multiclassPerformance(prob, cls.head(3)), rgw::Error);
    EXPECT_THROW(multiclassPerformance(prob.leftCols(1), cls), rgw::Error);
    EXPECT_THROW(multiclassPerformance(prob, (Eigen::VectorXd(4) << 0, 1, 1, 1).finished()),
                 rgw::Error); // class 2 absent
    EXPECT_THROW(multiclassPerformance(prob, (Eigen::VectorXd(4) << 0, 1, 2, 3).finished()),
                 rgw::Error);
    EXPECT_THROW(multiclassPerformance(prob, (Eigen::VectorXd(4) << 0, 1, 2, 0.5).finished()),
                 rgw::Error);
    prob(1, 1) = std::nan("");
    EXPECT_THROW(multiclassPerformance(prob, cls), rgw::Error);
}

} // namespace
