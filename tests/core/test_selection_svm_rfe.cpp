// SVM-RFE (Guyon et al. 2002) against tests/reference/selection/
// make_selection.R: e1071::svm(kernel = "linear", scale = FALSE, cost = 1)
// (the same libsvm), w = t(coefs) %*% SV, smallest w² eliminated, on wdbc
// standardised by the script (wdbc_standardised.csv, read here unchanged).

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/SvmRfe.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <iostream>
#include <limits>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::test::SelectionTable;

SelectionTable standardisedWdbc() {
    return rgw::test::wdbcTable(rgw::test::referenceFile("selection/wdbc_standardised.csv"));
}

TEST(SvmRfe, FirstFitWeightsEqualE1071) {
    const SelectionTable t = standardisedWdbc();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("selection/svmrfe_wdbc_w2.csv"));
    const Eigen::VectorXd w = linearSvmWeights(t.x, t.y.label, 1.0);
    double worst = 0;
    for (Eigen::Index j = 0; j < w.size(); ++j) {
        const double want = ref.numbers("w2")[static_cast<std::size_t>(j)];
        worst = std::max(worst, std::abs(w(j) * w(j) - want) / want);
    }
    std::cout << "max relative |w² - e1071| = " << worst << "\n";
    EXPECT_LE(worst, 1e-9); // the same libsvm solver on the same numbers
}

TEST(SvmRfe, EliminationOrderEqualsTheReference) {
    const SelectionTable t = standardisedWdbc();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("selection/svmrfe_wdbc.csv"));
    const std::vector<Eigen::Index> want = rgw::test::indicesOf(t.features, ref.text("feature"));
    const SvmRfeResult r = svmRfe(t.x, t.y, 1);
    std::vector<Eigen::Index> got = r.eliminated;
    got.insert(got.end(), r.kept.begin(), r.kept.end());
    EXPECT_EQ(got, want);

    // The pipeline step keeps the last maxFeatures of that order.
    SelectionStep step;
    step.kind = SelectionKind::SvmRfe;
    step.maxFeatures = 5;
    std::vector<Eigen::Index> last(want.end() - 5, want.end());
    std::sort(last.begin(), last.end());
    EXPECT_EQ(selectFeatures(step, t.x, t.y), last);
}

TEST(SvmRfe, ShareEliminatesSeveralPerRefitDownToKeep) {
    const SelectionTable t = standardisedWdbc();
    const SvmRfeResult r = svmRfe(t.x, t.y, 7, 1.0, 0.5);
    EXPECT_EQ(r.kept.size(), 7u);
    EXPECT_EQ(r.eliminated.size(), 23u);
    // The first refit drops floor(0.5 × 30) = 15 features, the smallest w² of the full fit.
    const Eigen::VectorXd w = linearSvmWeights(t.x, t.y.label, 1.0);
    std::vector<Eigen::Index> order(30);
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return w(a) * w(a) < w(b) * w(b); });
    EXPECT_TRUE(std::equal(order.begin(), order.begin() + 15, r.eliminated.begin()));
}

TEST(SvmRfe, RefusesBadInput) {
    const SelectionTable t = standardisedWdbc();
    EXPECT_THROW(svmRfe(t.x, t.y, 0), rgw::Error);
    EXPECT_THROW(svmRfe(t.x, t.y, 31), rgw::Error);
    EXPECT_THROW(svmRfe(t.x, t.y, 5, 0.0), rgw::Error);
    EXPECT_THROW(svmRfe(t.x, t.y, 5, 1.0, 1.0), rgw::Error);
    Eigen::MatrixXd bad = t.x;
    bad(0, 0) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(svmRfe(bad, t.y, 5), rgw::Error);
    const SelectionTable three = rgw::test::synthetic3Table();
    EXPECT_THROW(svmRfe(three.x, three.y, 2), rgw::Error); // multiclass refused
    const SelectionTable lung = rgw::test::lungTable();
    EXPECT_THROW(svmRfe(lung.x, lung.y, 2), rgw::Error);
    SelectionStep step;
    step.kind = SelectionKind::SvmRfe;
    step.maxFeatures = 0;
    EXPECT_THROW(selectFeatures(step, t.x, t.y), rgw::Error);
    Outcome single = t.y;
    single.label.setZero();
    EXPECT_THROW(svmRfe(t.x, single, 5), rgw::Error);
}

} // namespace
