// Hierarchical clustering for the association heatmaps against R's hclust
// (average, complete, ward.D2) on 1 − Pearson and Euclidean dissimilarities
// (tests/reference/association/make_association.R): merge matrix and leaf
// order exactly, heights to 1e-12 relative. Cases: a synthetic 12 x 8 table
// with missing values (rows; columns after scale()), wdbc's 30 features by
// 1 − r over 569 patients, and 60 standardised wdbc patients (rows and
// columns).

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "association/Clustering.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

namespace {

using rgw::association::Dendrogram;
using rgw::association::Dissimilarity;
using rgw::association::Linkage;
using rgw::stats::DataTable;

std::vector<std::size_t> rowsUpTo(std::size_t n) {
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

Dissimilarity dissimilarityOf(const std::string& name) {
    return name == "euclidean" ? Dissimilarity::Euclidean : Dissimilarity::OneMinusPearson;
}

const std::map<std::string, Linkage> kLinkages = {
    {"average", Linkage::Average}, {"complete", Linkage::Complete}, {"ward_d2", Linkage::WardD2}};

/// R's trees of one case (all its dissimilarity x linkage combinations).
void expectTreesOfCase(const std::string& name, const Eigen::MatrixXd& data, bool columns,
                       int expectedTrees) {
    const DataTable merges =
        DataTable::read(rgw::test::referenceFile("association/hclust_merges.csv"));
    const DataTable orders =
        DataTable::read(rgw::test::referenceFile("association/hclust_orders.csv"));
    std::map<std::tuple<std::string, std::string>, Dendrogram> trees;
    int compared = 0;
    double worst = 0;
    for (std::size_t i = 0; i < merges.rows(); ++i) {
        if (merges.text("case")[i] != name)
            continue;
        const std::string d = merges.text("dissimilarity")[i], l = merges.text("linkage")[i];
        const std::string what = name + " " + d + " " + l;
        auto it = trees.find({d, l});
        if (it == trees.end()) {
            const Dendrogram tree =
                columns
                    ? rgw::association::clusterColumns(data, dissimilarityOf(d), kLinkages.at(l))
                    : rgw::association::clusterRows(data, dissimilarityOf(d), kLinkages.at(l));
            it = trees.emplace(std::tuple{d, l}, tree).first;
            ++compared;
        }
        const Dendrogram& tree = it->second;
        const auto step = static_cast<Eigen::Index>(merges.numbers("step")[i]) - 1;
        ASSERT_LT(step, tree.merge.rows()) << what;
        EXPECT_EQ(tree.merge(step, 0), static_cast<int>(merges.numbers("a")[i]))
            << what << " merge " << step + 1;
        EXPECT_EQ(tree.merge(step, 1), static_cast<int>(merges.numbers("b")[i]))
            << what << " merge " << step + 1;
        const double h = merges.numbers("height")[i];
        const double rel = std::abs(tree.height[static_cast<std::size_t>(step)] - h) / std::abs(h);
        worst = std::max(worst, rel);
        EXPECT_LE(rel, 1e-12) << what << " height " << step + 1;
    }
    EXPECT_EQ(compared, expectedTrees) << name;
    for (std::size_t i = 0; i < orders.rows(); ++i) {
        if (orders.text("case")[i] != name)
            continue;
        const Dendrogram& tree =
            trees.at({orders.text("dissimilarity")[i], orders.text("linkage")[i]});
        const auto position = static_cast<std::size_t>(orders.numbers("position")[i]) - 1;
        ASSERT_LT(position, tree.order.size());
        EXPECT_EQ(tree.order[position] + 1, static_cast<Eigen::Index>(orders.numbers("leaf")[i]))
            << name << " " << orders.text("dissimilarity")[i] << " " << orders.text("linkage")[i]
            << " order position " << position + 1;
    }
    std::cout << name << ": " << compared << " trees, max relative height deviation " << worst
              << "\n";
}

Eigen::MatrixXd syntheticData() {
    const DataTable t =
        DataTable::read(rgw::test::referenceFile("association/cluster_synthetic.csv"));
    std::vector<std::string> names;
    for (int v = 1; v <= 8; ++v)
        names.push_back("V" + std::to_string(v));
    return t.matrix(names, rowsUpTo(t.rows()));
}

TEST(AssociationClustering, SyntheticRowsWithMissingValuesEqualRHclust) {
    const Eigen::MatrixXd data = syntheticData();
    ASSERT_EQ(data.rows(), 12);
    expectTreesOfCase("synthetic_rows", data, false, 6);
}

TEST(AssociationClustering, SyntheticStandardisedColumnsEqualRHclust) {
    expectTreesOfCase("synthetic_columns_standardised",
                      rgw::association::standardiseColumns(syntheticData()), true, 3);
}

TEST(AssociationClustering, WdbcEqualsRHclust) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    std::vector<std::string> features;
    for (const auto& name : wdbc.numericColumns())
        if (name != "malignant")
            features.push_back(name);
    ASSERT_EQ(features.size(), 30u);
    expectTreesOfCase("wdbc_columns", wdbc.matrix(features, rowsUpTo(wdbc.rows())), true, 3);
    const Eigen::MatrixXd z =
        rgw::association::standardiseColumns(wdbc.matrix(features, rowsUpTo(60)));
    expectTreesOfCase("wdbc60_rows_standardised", z, false, 6);
    expectTreesOfCase("wdbc60_columns_standardised", z, true, 3);
}

// Four points on a line, 0 1 3 7: every linkage merges {1,2}, then 3, then 4;
// hclust's conventions give merge (-1,-2), (-3,1), (-4,2).
TEST(AssociationClustering, SmallTreeByHand) {
    Eigen::MatrixXd points(4, 1);
    points << 0, 1, 3, 7;
    const Dendrogram average =
        rgw::association::clusterRows(points, Dissimilarity::Euclidean, Linkage::Average);
    Eigen::Matrix<int, 3, 2> merge;
    merge << -1, -2, -3, 1, -4, 2;
    EXPECT_EQ(average.merge, merge);
    EXPECT_EQ(average.height, (std::vector<double>{1.0, 2.5, (7.0 + 6.0 + 4.0) / 3.0}));
    EXPECT_EQ(average.order, (std::vector<Eigen::Index>{3, 2, 0, 1}));
    const Dendrogram complete =
        rgw::association::clusterRows(points, Dissimilarity::Euclidean, Linkage::Complete);
    EXPECT_EQ(complete.height, (std::vector<double>{1.0, 3.0, 7.0}));
    // Ward.D2: sqrt(2 n_a n_b / (n_a + n_b)) |centroid_a − centroid_b|.
    const Dendrogram ward =
        rgw::association::clusterRows(points, Dissimilarity::Euclidean, Linkage::WardD2);
    EXPECT_NEAR(ward.height[1], std::sqrt(2.0 * 2 * 1 / 3) * 2.5, 1e-14);
    EXPECT_NEAR(ward.height[2], std::sqrt(2.0 * 3 * 1 / 4) * (7.0 - 4.0 / 3.0), 1e-14);
}

TEST(AssociationClustering, RefusesWhatItCannotCluster) {
    using rgw::test::errorOf;
    EXPECT_NE(errorOf([] {
                  rgw::association::hierarchicalClustering(Eigen::MatrixXd::Zero(1, 1),
                                                           Linkage::Average);
              }).find("at least 2 objects"),
              std::string::npos);
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(3, 3);
    d(0, 2) = 1.0; // not symmetric
    EXPECT_NE(errorOf([&] {
                  rgw::association::hierarchicalClustering(d, Linkage::Complete);
              }).find("objects 1 and 3"),
              std::string::npos);
    Eigen::MatrixXd constantRow(3, 4);
    constantRow << 1, 2, 3, 4, 5, 5, 5, 5, 4, 3, 2, 2;
    EXPECT_NE(errorOf([&] {
                  rgw::association::rowDissimilarities(constantRow, Dissimilarity::OneMinusPearson);
              }).find("rows 1 and 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::association::standardiseColumns(constantRow.transpose());
              }).find("column 2 is constant"),
              std::string::npos);
}

} // namespace
