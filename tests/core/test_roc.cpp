// core/stats/Roc against R pROC 1.18.0 (tests/reference/roc/make_roc.R).

#include "Reference.h"
#include "TestData.h"
#include "stats/DataTable.h"
#include "stats/Roc.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <string>

namespace {

using rgw::stats::DataTable;

Eigen::VectorXd column(const DataTable& t, const char* name) {
    const auto& v = t.numbers(name);
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

struct Scored {
    Eigen::VectorXd label, score;
};

/// The scores of make_roc.R by name. The synthetic ones are committed beside
/// the reference; the wdbc ones need the shared data (RGW_REQUIRE_TEST_DATA in
/// WdbcScoresArePresent says when they are skipped).
std::map<std::string, Scored> referenceScores() {
    std::map<std::string, Scored> out;
    const DataTable syn = DataTable::read(rgw::test::referenceFile("roc/roc_synthetic.csv"));
    for (const char* name : {"tied", "tied2", "separated", "perfect", "alternating"})
        out[std::string("synthetic_") + name] = {column(syn, "label"), column(syn, name)};
    if (rgw::test::hasData()) {
        const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
        const Eigen::VectorXd label = column(wdbc, "malignant");
        const Eigen::VectorXd radius = column(wdbc, "mean_radius");
        out["wdbc_mean_radius"] = {label, radius};
        out["wdbc_mean_texture"] = {label, column(wdbc, "mean_texture")};
        // R's round() rounds halves to even, as nearbyint.
        out["wdbc_round_mean_radius"] = {
            label, radius.unaryExpr([](double x) { return std::nearbyint(x); })};
    }
    return out;
}

/// Rows of a reference file whose first column is a score name we have.
template <typename Check> void forEachReferenceRow(const char* file, Check check) {
    const auto scores = referenceScores();
    const DataTable ref = DataTable::read(rgw::test::referenceFile(file));
    std::size_t used = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string& name = ref.text(ref.columnNames()[0])[r];
        if (scores.count(name)) {
            check(ref, r, scores, name);
            ++used;
        }
    }
    EXPECT_GT(used, 0u);
}

double maxDiff = 0;
void near(double expected, double actual, double tolerance, const std::string& what) {
    maxDiff = std::max(maxDiff, std::abs(expected - actual));
    EXPECT_NEAR(actual, expected, tolerance) << what;
}
void report(const char* what) {
    std::cout << "[ max |diff| vs pROC ] " << what << ": " << maxDiff << "\n";
    maxDiff = 0;
}

TEST(Roc, CurveAndAucEqualPROC) {
    const auto scores = referenceScores();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("roc/roc_points.csv"));
    std::map<std::string, rgw::stats::RocCurve> curves;
    std::map<std::string, std::size_t> next;
    for (const auto& [name, s] : scores)
        curves[name] = rgw::stats::rocCurve(s.score, s.label);
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string& name = ref.text("name")[r];
        if (!curves.count(name))
            continue; // a wdbc score without the shared data
        const auto& points = curves.at(name).points;
        const std::size_t k = next[name]++;
        ASSERT_LT(k, points.size()) << name;
        const double infinite = ref.numbers("infinite")[r];
        if (infinite != 0.0)
            EXPECT_EQ(points[k].threshold, infinite * HUGE_VAL) << name << " point " << k;
        else
            near(ref.numbers("threshold")[r], points[k].threshold, 1e-12, name);
        near(ref.numbers("sensitivity")[r], points[k].sensitivity, 1e-15, name);
        near(ref.numbers("specificity")[r], points[k].specificity, 1e-15, name);
    }
    for (const auto& [name, curve] : curves)
        EXPECT_EQ(next[name], curve.points.size()) << name;
    report("ROC points");
}

TEST(Roc, DelongIntervalEqualsPROC) {
    forEachReferenceRow("roc/roc_delong_ci.csv", [](const DataTable& ref, std::size_t r,
                                                    const auto& scores, const std::string& name) {
        const auto& s = scores.at(name);
        const double level = ref.numbers("level")[r];
        const auto ci = rgw::stats::delongInterval(s.score, s.label, level);
        const auto curve = rgw::stats::rocCurve(s.score, s.label);
        EXPECT_EQ(static_cast<double>(curve.positives), ref.numbers("positives")[r]);
        EXPECT_EQ(static_cast<double>(curve.negatives), ref.numbers("negatives")[r]);
        near(ref.numbers("auc")[r], curve.auc, 1e-12, name + " auc");
        near(ref.numbers("auc")[r], ci.auc, 1e-12, name + " auc");
        near(ref.numbers("variance")[r], ci.variance, 1e-12, name + " variance");
        near(ref.numbers("lower")[r], ci.lower, 1e-6, name + " lower");
        near(ref.numbers("upper")[r], ci.upper, 1e-6, name + " upper");
        EXPECT_EQ(ci.level, level);
    });
    report("DeLong AUC, variance, CI");
}

TEST(Roc, PairedDelongTestEqualsPROC) {
    forEachReferenceRow("roc/roc_delong_test.csv", [](const DataTable& ref, std::size_t r,
                                                      const auto& scores, const std::string& name) {
        const auto& a = scores.at(name);
        const auto& b = scores.at(ref.text("score2")[r]);
        const auto t = rgw::stats::delongTest(a.score, b.score, a.label);
        near(ref.numbers("auc1")[r], t.auc1, 1e-12, name + " auc1");
        near(ref.numbers("auc2")[r], t.auc2, 1e-12, name + " auc2");
        near(ref.numbers("z")[r], t.z, 1e-6, name + " z");
        near(ref.numbers("p")[r], t.p, 1e-6, name + " p");
    });
    report("paired DeLong test");
}

TEST(Roc, YoudenEqualsPROCFirstOfTies) {
    forEachReferenceRow("roc/roc_youden.csv", [](const DataTable& ref, std::size_t r,
                                                 const auto& scores, const std::string& name) {
        const auto& s = scores.at(name);
        const auto curve = rgw::stats::rocCurve(s.score, s.label);
        const auto best = rgw::stats::youdenPoint(curve);
        near(ref.numbers("threshold")[r], best.threshold, 1e-12, name + " threshold");
        near(ref.numbers("sensitivity")[r], best.sensitivity, 1e-15, name);
        near(ref.numbers("specificity")[r], best.specificity, 1e-15, name);
        EXPECT_EQ(static_cast<double>(rgw::stats::youdenPoints(curve).size()),
                  ref.numbers("ties")[r])
            << name;
    });
    report("Youden point");
}

TEST(Roc, WdbcScoresArePresent) {
    RGW_REQUIRE_TEST_DATA();
    EXPECT_EQ(referenceScores().size(), 8u);
}

TEST(Roc, TiesCountHalfInTheAuc) {
    // Pairs (case, control): (2,1) 1, (2,2) ½, (3,1) 1, (3,2) 1 → 3.5 / 4.
    const Eigen::Vector4d score(1, 2, 2, 3), label(0, 0, 1, 1);
    const auto curve = rgw::stats::rocCurve(score, label);
    EXPECT_DOUBLE_EQ(curve.auc, 0.875);
    ASSERT_EQ(curve.points.size(), 4u);
    EXPECT_EQ(curve.points[1].threshold, 1.5);
    EXPECT_EQ(curve.points[1].sensitivity, 1.0);
    EXPECT_EQ(curve.points[1].specificity, 0.5);
    EXPECT_EQ(curve.points[2].threshold, 2.5);
    EXPECT_EQ(curve.points[2].sensitivity, 0.5);
}

std::string errorOf(const auto& call) {
    try {
        call();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(Roc, BadInputIsAClearError) {
    const Eigen::Vector4d score(1, 2, 3, 4), label(0, 1, 0, 1);
    Eigen::Vector4d nan = score, badLabel = label;
    nan(2) = std::nan("");
    badLabel(1) = 2;
    using rgw::stats::rocCurve;
    EXPECT_NE(errorOf([&] { rocCurve(nan, label); }).find("not a finite number at row 3"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { rocCurve(score, badLabel); }).find("label at row 2 is 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { rocCurve(score, Eigen::Vector4d::Zero()); }).find("no positives"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { rocCurve(score, Eigen::Vector4d::Ones()); }).find("no negatives"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { rocCurve(score, Eigen::Vector3d(0, 1, 0)); }).find("4 values"),
              std::string::npos);
    const Eigen::Vector4d onePositive(0, 0, 0, 1);
    EXPECT_NE(errorOf([&] { rgw::stats::delongInterval(score, onePositive); }).find("at least 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { rgw::stats::delongInterval(score, label, 1.5); }).find("level"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::delongTest(score, Eigen::Vector3d(1, 2, 3), label);
              }).find("score 2"),
              std::string::npos);
    EXPECT_NE(errorOf([] { rgw::stats::youdenPoint(rgw::stats::RocCurve{}); }).find("no points"),
              std::string::npos);
}

} // namespace
