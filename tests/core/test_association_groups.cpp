// Radiogenomic group maps against R (tests/reference/association/
// make_association.R): two groups: wilcox.test(exact = FALSE, correct =
// TRUE), AUC, Cliff's delta, Welch t.test, Cohen's d (pooled SD), log2 fold
// change; three or more: kruskal.test and eta²_H; per-group n, mean, median;
// BH over the map's features. Patients without a group (not profiled) are
// left out, never counted as a group.

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "association/GroupMap.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace {

using rgw::association::FeatureGroupTest;
using rgw::association::Grouping;
using rgw::association::GroupMap;
using rgw::stats::DataTable;

constexpr double kRelative = 1e-12;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> allRows(const DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

/// The labels of a text column; a missing value (empty, NA) is no group.
Grouping groupingOf(const DataTable& t, const std::string& column,
                    std::vector<std::string> levels = {}) {
    Grouping g;
    g.levels = std::move(levels);
    for (const auto& label : t.text(column))
        g.labels.push_back(label.empty() ? std::nullopt : std::optional<std::string>(label));
    return g;
}

/// Largest relative deviation seen, per quantity, for the report.
double gWorst = 0;

/// Both missing, or equal within kRelative (absolute below 1e-300).
void expectClose(double ours, double reference, const std::string& what) {
    if (std::isnan(reference)) {
        EXPECT_TRUE(std::isnan(ours)) << what << ": " << ours << ", R has NA";
        return;
    }
    const double rel = std::abs(ours - reference) / std::max(std::abs(reference), 1e-300);
    gWorst = std::max(gWorst, rel);
    EXPECT_LE(rel, kRelative) << what << ": " << ours << " vs R " << reference;
}

void expectTwoGroupEqualsR(const GroupMap& map, const std::vector<std::string>& features,
                           const char* file) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(file));
    ASSERT_EQ(ref.rows(), features.size());
    ASSERT_TRUE(map.twoGroups());
    gWorst = 0;
    for (std::size_t i = 0; i < ref.rows(); ++i) {
        ASSERT_EQ(ref.text("feature")[i], features[i]);
        const FeatureGroupTest& t = map.features[i];
        const std::string f = features[i] + " (" + file + ")";
        EXPECT_EQ(t.groups[0].n, static_cast<Eigen::Index>(ref.numbers("n_ref")[i])) << f;
        EXPECT_EQ(t.groups[1].n, static_cast<Eigen::Index>(ref.numbers("n_cmp")[i])) << f;
        expectClose(t.groups[0].mean, ref.numbers("mean_ref")[i], f + " mean_ref");
        expectClose(t.groups[1].mean, ref.numbers("mean_cmp")[i], f + " mean_cmp");
        expectClose(t.groups[0].median, ref.numbers("median_ref")[i], f + " median_ref");
        expectClose(t.groups[1].median, ref.numbers("median_cmp")[i], f + " median_cmp");
        expectClose(t.mannWhitneyW, ref.numbers("W")[i], f + " W");
        expectClose(t.mannWhitneyP, ref.numbers("p_mw")[i], f + " p_mw");
        expectClose(t.mannWhitneyQ, ref.numbers("q_mw")[i], f + " q_mw");
        expectClose(t.auc, ref.numbers("auc")[i], f + " auc");
        expectClose(t.cliffsDelta, ref.numbers("cliff")[i], f + " cliff");
        expectClose(t.welchT, ref.numbers("t")[i], f + " t");
        expectClose(t.welchDf, ref.numbers("df")[i], f + " df");
        expectClose(t.welchP, ref.numbers("p_welch")[i], f + " p_welch");
        expectClose(t.welchQ, ref.numbers("q_welch")[i], f + " q_welch");
        expectClose(t.cohensD, ref.numbers("cohen_d")[i], f + " cohen_d");
        expectClose(t.log2FoldChange, ref.numbers("log2fc")[i], f + " log2fc");
        EXPECT_EQ(std::isnan(t.mannWhitneyP), !t.rankTestNote.empty()) << f;
        EXPECT_EQ(std::isnan(t.welchP), !t.tTestNote.empty()) << f;
    }
    std::cout << file << ": max relative deviation " << gWorst << "\n";
}

void expectSeveralGroupsEqualR(const GroupMap& map, const std::vector<std::string>& features,
                               const char* file, const char* summaryFile) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(file));
    const DataTable summary = DataTable::read(rgw::test::referenceFile(summaryFile));
    ASSERT_EQ(ref.rows(), features.size());
    ASSERT_EQ(summary.rows(), features.size() * map.levels.size());
    gWorst = 0;
    for (std::size_t i = 0; i < ref.rows(); ++i) {
        ASSERT_EQ(ref.text("feature")[i], features[i]);
        const FeatureGroupTest& t = map.features[i];
        const std::string f = features[i] + " (" + file + ")";
        expectClose(t.kruskalH, ref.numbers("H")[i], f + " H");
        expectClose(t.kruskalDf, ref.numbers("df")[i], f + " df");
        expectClose(t.kruskalP, ref.numbers("p")[i], f + " p");
        expectClose(t.kruskalQ, ref.numbers("q")[i], f + " q");
        expectClose(t.etaSquared, ref.numbers("eta2")[i], f + " eta2");
        EXPECT_TRUE(std::isnan(t.mannWhitneyP) && std::isnan(t.welchP)) << f;
        for (std::size_t l = 0; l < map.levels.size(); ++l) {
            const std::size_t row = i * map.levels.size() + l;
            ASSERT_EQ(summary.text("group")[row], map.levels[l]) << f;
            EXPECT_EQ(t.groups[l].n, static_cast<Eigen::Index>(summary.numbers("n")[row])) << f;
            expectClose(t.groups[l].mean, summary.numbers("mean")[row],
                        f + " mean " + map.levels[l]);
            expectClose(t.groups[l].median, summary.numbers("median")[row],
                        f + " median " + map.levels[l]);
        }
    }
    std::cout << file << ": max relative deviation " << gWorst << "\n";
}

const std::vector<std::string> kSyntheticFeatures = {"f_cont", "f_ties",  "f_missing",
                                                     "f_skew", "f_const", "f_sparse"};

TEST(AssociationGroups, SyntheticMutationEqualsR) {
    const DataTable f =
        DataTable::read(rgw::test::referenceFile("association/synthetic_features.csv"));
    const DataTable g =
        DataTable::read(rgw::test::referenceFile("association/synthetic_groups.csv"));
    rgw::association::GroupMapOptions options;
    options.log2FoldChange = true;
    const GroupMap map =
        rgw::association::groupMap(f.matrix(kSyntheticFeatures, allRows(f)),
                                   groupingOf(g, "mutation", {"wild-type", "mutated"}), options);
    EXPECT_EQ(map.unknownPatients, 5); // not profiled: left out, not wild-type
    expectTwoGroupEqualsR(map, kSyntheticFeatures, "association/groups_synthetic_mutation.csv");
    EXPECT_EQ(map.features[4].rankTestNote, "every value is tied"); // f_const
    EXPECT_NE(map.features[4].tTestNote.find("essentially constant"), std::string::npos);
    EXPECT_FALSE(map.features[5].tTestNote.empty()); // f_sparse
}

TEST(AssociationGroups, SyntheticSubtypesEqualR) {
    const DataTable f =
        DataTable::read(rgw::test::referenceFile("association/synthetic_features.csv"));
    const DataTable g =
        DataTable::read(rgw::test::referenceFile("association/synthetic_groups.csv"));
    const GroupMap map = rgw::association::groupMap(f.matrix(kSyntheticFeatures, allRows(f)),
                                                    groupingOf(g, "subtype"));
    EXPECT_EQ(map.levels, (std::vector<std::string>{"Basal", "Her2", "LumA", "LumB"}));
    EXPECT_EQ(map.unknownPatients, 4);
    expectSeveralGroupsEqualR(map, kSyntheticFeatures, "association/groups_synthetic_subtype.csv",
                              "association/groups_synthetic_subtype_summary.csv");
}

TEST(AssociationGroups, WdbcMalignantEqualsR) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    std::vector<std::string> features;
    for (const auto& name : wdbc.numericColumns())
        if (name != "malignant")
            features.push_back(name);
    Grouping grouping;
    grouping.levels = {"0", "1"};
    for (const double m : wdbc.numbers("malignant"))
        grouping.labels.emplace_back(m == 1.0 ? "1" : "0");
    rgw::association::GroupMapOptions options;
    options.log2FoldChange = true;
    const GroupMap map =
        rgw::association::groupMap(wdbc.matrix(features, allRows(wdbc)), grouping, options);
    expectTwoGroupEqualsR(map, features, "association/groups_wdbc_malignant.csv");
}

TEST(AssociationGroups, LungEcogEqualsR) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lung = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const std::vector<std::string> features = {"age",      "ph.karno", "pat.karno",
                                               "meal.cal", "wt.loss",  "time"};
    const GroupMap map = rgw::association::groupMap(lung.matrix(features, allRows(lung)),
                                                    groupingOf(lung, "ph.ecog"));
    EXPECT_EQ(map.levels, (std::vector<std::string>{"0", "1", "2", "3"}));
    EXPECT_EQ(map.unknownPatients, 1);
    expectSeveralGroupsEqualR(map, features, "association/groups_lung_ecog.csv",
                              "association/groups_lung_ecog_summary.csv");
}

TEST(AssociationGroups, NotProfiledIsNeverWildType) {
    using rgw::genomics::GeneStatus;
    const Grouping g = rgw::association::mutationGrouping(
        {GeneStatus::Altered, GeneStatus::NotProfiled, GeneStatus::NotAltered});
    EXPECT_EQ(g.levels, (std::vector<std::string>{"wild-type", "mutated"}));
    ASSERT_EQ(g.labels.size(), 3u);
    EXPECT_EQ(g.labels[0], "mutated");
    EXPECT_FALSE(g.labels[1].has_value());
    EXPECT_EQ(g.labels[2], "wild-type");
    // The not-profiled patient's value does not enter either group.
    Eigen::MatrixXd x(3, 1);
    x << 1.0, 1000.0, 3.0;
    const GroupMap map = rgw::association::groupMap(x, g);
    EXPECT_EQ(map.unknownPatients, 1);
    EXPECT_EQ(map.features[0].groups[0].mean, 3.0);
    EXPECT_EQ(map.features[0].groups[1].mean, 1.0);
    EXPECT_TRUE(std::isnan(map.features[0].log2FoldChange)); // not asked for
}

TEST(AssociationGroups, RefusesBadGroupings) {
    using rgw::test::errorOf;
    Eigen::MatrixXd x = Eigen::MatrixXd::Random(3, 2);
    Grouping g;
    g.labels = {"a", "b"};
    EXPECT_NE(errorOf([&] { rgw::association::groupMap(x, g); }).find("2 group labels for 3"),
              std::string::npos);
    g.labels = {"a", "a", std::nullopt};
    EXPECT_NE(errorOf([&] { rgw::association::groupMap(x, g); }).find("at least two groups"),
              std::string::npos);
    g.labels = {"a", "b", "c"};
    g.levels = {"a", "b"};
    EXPECT_NE(
        errorOf([&] { rgw::association::groupMap(x, g); }).find("patient row 3 is in group 'c'"),
        std::string::npos);
    g.levels = {"a", "b", "a"};
    EXPECT_NE(errorOf([&] { rgw::association::groupMap(x, g); }).find("listed twice"),
              std::string::npos);
    g.levels = {};
    g.labels = {"a", "", "b"};
    EXPECT_NE(errorOf([&] { rgw::association::groupMap(x, g); }).find("empty group label"),
              std::string::npos);
    g.labels = {"a", "b", "b"};
    x(1, 1) = -std::numeric_limits<double>::infinity();
    EXPECT_NE(errorOf([&] { rgw::association::groupMap(x, g); }).find("row 2, column 2"),
              std::string::npos);
    x(1, 1) = kNaN; // missing is fine
    EXPECT_NO_THROW(rgw::association::groupMap(x, g));
}

} // namespace
