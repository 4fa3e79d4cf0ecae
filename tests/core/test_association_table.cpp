// The glue between analysis tables and the association cores
// (association/AssociationTable.h, AssociationCsv.h): which columns are
// molecular values, how a column groups the patients (not profiled is never
// wild-type), the ranking of genes by a feature, the CSV and provenance
// writers, and the errors that name table and column. The statistics
// themselves are checked against R in test_association_*.cpp; here the
// committed R fixtures check that a table read through this glue gives R's
// numbers.

#include "ErrorMessage.h"
#include "Reference.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "util/CsvText.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using namespace rgw;
using namespace rgw::association;
using rgw::stats::DataTable;
using rgw::test::errorOf;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

DataTable table(std::vector<std::string> names, std::vector<std::vector<std::string>> columns) {
    return DataTable::fromText("t.csv", std::move(names), columns);
}

std::vector<std::optional<std::string>> labels(std::initializer_list<const char*> items) {
    std::vector<std::optional<std::string>> out;
    for (const char* item : items)
        out.push_back(item ? std::optional<std::string>(item) : std::nullopt);
    return out;
}

// ---------------------------------------------------------------- grouping

TEST(AssociationTable, MutationColumnLeavesNotProfiledOutNeverWildType) {
    const DataTable t =
        table({"patient_id", "mut_EGFR"}, {{"A", "B", "C", "D", "E"}, {"1", "0", "", "1", "NA"}});
    const Grouping g = groupingOfColumn(t, "mut_EGFR");
    EXPECT_EQ(g.levels, (std::vector<std::string>{"wild-type", "mutated"}));
    EXPECT_EQ(g.labels, labels({"mutated", "wild-type", nullptr, "mutated", nullptr}));

    // The cohort table's words are read the same way.
    const DataTable words = table({"mut_TP53"}, {{"mutated", "wild-type", "not-profiled", ""}});
    EXPECT_EQ(groupingOfColumn(words, "mut_TP53").labels,
              labels({"mutated", "wild-type", nullptr, nullptr}));

    // And the group map counts only the profiled patients.
    Eigen::MatrixXd x(5, 1);
    x << 1, 2, 3, 4, 5;
    const GroupMap map = groupMap(x, g);
    EXPECT_EQ(map.features[0].groups[0].n, 1); // wild-type: B only
    EXPECT_EQ(map.features[0].groups[1].n, 2); // mutated: A, D
    EXPECT_EQ(map.unknownPatients, 2);
}

TEST(AssociationTable, MutationColumnRefusesOtherValuesNamingLineAndColumn) {
    const DataTable t = table({"mut_KRAS"}, {{"1", "2", "0"}});
    EXPECT_EQ(errorOf([&] { groupingOfColumn(t, "mut_KRAS"); }),
              "t.csv line 3, column 'mut_KRAS': '2' is not 1 (mutated), 0 (wild-type) or empty "
              "(not profiled)");
}

TEST(AssociationTable, NumericColumnGroupsInIncreasingOrder) {
    const DataTable binary = table({"malignant"}, {{"1", "0", "0", "", "1.0"}});
    const Grouping g = groupingOfColumn(binary, "malignant");
    EXPECT_EQ(g.levels, (std::vector<std::string>{"0", "1"}));
    EXPECT_EQ(g.labels, labels({"1", "0", "0", nullptr, "1"}));

    const DataTable ecog = table({"ecog"}, {{"10", "2", "9", "2"}});
    EXPECT_EQ(groupingOfColumn(ecog, "ecog").levels, (std::vector<std::string>{"2", "9", "10"}));

    std::vector<std::string> many;
    for (int i = 0; i < 25; ++i)
        many.push_back(std::to_string(i) + ".5");
    EXPECT_EQ(errorOf([&] { groupingOfColumn(table({"volume"}, {many}), "volume"); }),
              "t.csv, column 'volume' has 25 distinct numbers: a continuous variable, not groups "
              "(at most 20)");
}

TEST(AssociationTable, TextColumnGroupsByValueWithMutationWordsInMutationOrder) {
    const DataTable t =
        table({"subtype", "status"}, {{"LumB", "Basal", "", "LumA", "LumB"},
                                      {"mutated", "wild-type", "not profiled", "wild-type", ""}});
    const Grouping subtype = groupingOfColumn(t, "subtype");
    EXPECT_EQ(subtype.levels, (std::vector<std::string>{"Basal", "LumA", "LumB"}));
    EXPECT_EQ(subtype.labels, labels({"LumB", "Basal", nullptr, "LumA", "LumB"}));
    const Grouping status = groupingOfColumn(t, "status");
    EXPECT_EQ(status.levels, (std::vector<std::string>{"wild-type", "mutated"}));
    EXPECT_EQ(status.labels, labels({"mutated", "wild-type", nullptr, "wild-type", nullptr}));
}

TEST(AssociationTable, GroupingNeedsTwoGroupsAndAKnownColumn) {
    const DataTable t = table({"mut_EGFR", "site"}, {{"0", "0", ""}, {"", "", ""}});
    EXPECT_EQ(errorOf([&] { groupingOfColumn(t, "mut_EGFR"); }),
              "t.csv, column 'mut_EGFR': every one of the 2 patients with a value is in group "
              "'wild-type'; a comparison needs two groups");
    EXPECT_EQ(errorOf([&] { groupingOfColumn(t, "site"); }),
              "t.csv, column 'site': no patient has a group; a comparison needs two groups");
    EXPECT_NE(errorOf([&] { groupingOfColumn(t, "mut_EGRF"); }).find("t.csv: no column 'mut_EGRF'"),
              std::string::npos);
}

// The committed R fixture read through the glue: the mutation column (text,
// NA = not profiled) groups as R's two-group map does.
TEST(AssociationTable, SyntheticMutationFixtureGivesRsGroupCounts) {
    const DataTable features =
        DataTable::read(test::referenceFile("association/synthetic_features.csv"));
    const DataTable groups =
        DataTable::read(test::referenceFile("association/synthetic_groups.csv"));
    ASSERT_EQ(features.text("patient_id"), groups.text("patient_id"));
    const std::vector<std::string> names{"f_cont", "f_ties",  "f_missing",
                                         "f_skew", "f_const", "f_sparse"};
    const GroupMap map =
        groupMap(namedColumns(features, names).values, groupingOfColumn(groups, "mutation"));
    const DataTable ref =
        DataTable::read(test::referenceFile("association/groups_synthetic_mutation.csv"));
    ASSERT_EQ(ref.rows(), names.size());
    double worst = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(map.features[i].groups[0].n, ref.numbers("n_ref")[i]) << names[i];
        EXPECT_EQ(map.features[i].groups[1].n, ref.numbers("n_cmp")[i]) << names[i];
        const double w = ref.numbers("W")[i], p = ref.numbers("p_mw")[i];
        if (std::isnan(p)) {
            EXPECT_TRUE(std::isnan(map.features[i].mannWhitneyP)) << names[i];
            continue;
        }
        worst = std::max(worst, std::abs(map.features[i].mannWhitneyW - w) / w);
        worst = std::max(worst, std::abs(map.features[i].mannWhitneyP - p) / p);
    }
    EXPECT_LE(worst, 1e-12);
    std::cout << "[ groups via glue ] max relative deviation from R: " << worst << "\n";
}

// ----------------------------------------------------------------- columns

TEST(AssociationTable, PrefixedColumnsStripThePrefixAndKeepTheNames) {
    const DataTable t = table({"patient_id", "expr_EGFR", "f1", "expr_TP53", "meth_EGFR"},
                              {{"A", "B"}, {"1.5", ""}, {"3", "4"}, {"-2", "7"}, {"0.1", "0.2"}});
    const TableMatrix m = prefixedColumns(t, "expr_");
    EXPECT_EQ(m.columns, (std::vector<std::string>{"expr_EGFR", "expr_TP53"}));
    EXPECT_EQ(m.names, (std::vector<std::string>{"EGFR", "TP53"}));
    ASSERT_EQ(m.values.rows(), 2);
    EXPECT_EQ(m.values(0, 0), 1.5);
    EXPECT_TRUE(std::isnan(m.values(1, 0))); // missing, never 0
    EXPECT_EQ(m.values(1, 1), 7);
    EXPECT_EQ(numericColumnsExcept(t, {"expr_"}, {"meth_EGFR"}), (std::vector<std::string>{"f1"}));

    EXPECT_EQ(errorOf([&] { prefixedColumns(t, "cna_"); }),
              "t.csv: no column named cna_* (genomic columns: expr_ (2), meth_ (1))");
    EXPECT_EQ(errorOf([&] { prefixedColumns(table({"a"}, {{"1"}}), "expr_"); }),
              "t.csv: no column named expr_* (the table has no genomic columns)");
    const DataTable text = table({"expr_X"}, {{"1", "high"}});
    EXPECT_EQ(errorOf([&] { prefixedColumns(text, "expr_"); }),
              "t.csv line 3, column 'expr_X': 'high' is not a number");
}

TEST(AssociationTable, NamedColumnsRefuseUnknownAndRepeatedColumns) {
    const DataTable t = table({"mean_radius", "label"}, {{"1", "2"}, {"a", "b"}});
    EXPECT_NE(errorOf([&] { namedColumns(t, {"mean_radios"}); }).find("no column 'mean_radios'"),
              std::string::npos);
    EXPECT_EQ(errorOf([&] {
                  namedColumns(t, {"mean_radius", "mean_radius"});
              }),
              "t.csv, column 'mean_radius' is named twice");
    EXPECT_NE(
        errorOf([&] { namedColumns(t, {"label"}); }).find("column 'label': 'a' is not a number"),
        std::string::npos);
}

// ----------------------------------------------------------------- ranking

TEST(AssociationTable, GeneRankingUsesPairwiseCompletePatientsAndReportsDroppedGenes) {
    const DataTable t = table({"f", "expr_UP", "expr_DOWN", "expr_FLAT", "expr_SPARSE"},
                              {{"1", "2", "3", "4", "5"},
                               {"1.1", "2.3", "2.9", "", "5.2"},
                               {"5", "4", "3.5", "2", "1"},
                               {"7", "7", "7", "7", "7"},
                               {"1", "", "", "", "2"}});
    const TableMatrix m = prefixedColumns(t, "expr_");
    const FeatureGeneRanking r = geneRanking(t, "f", m, CorrelationMethod::Pearson);
    EXPECT_EQ(r.ranking.genes, (std::vector<std::string>{"UP", "DOWN"}));
    const CorrelationMap direct = correlationMap(namedColumns(t, {"f"}).values, m.values);
    EXPECT_EQ(r.ranking.scores[0], direct.r(0, 0));
    EXPECT_EQ(r.ranking.scores[1], direct.r(0, 1));
    EXPECT_EQ(r.dropped, (std::vector<std::string>{"FLAT (constant molecular value)",
                                                   "SPARSE (too few patients)"}));

    const DataTable few =
        table({"f", "expr_A", "expr_B"}, {{"1", "2", "3"}, {"1", "2", "4"}, {"1", "1", "1"}});
    EXPECT_EQ(errorOf([&] {
                  geneRanking(few, "f", prefixedColumns(few, "expr_"), CorrelationMethod::Spearman);
              }),
              "t.csv, column 'f': only 1 of 2 genes have a correlation with the feature; a "
              "ranking needs two");
}

TEST(AssociationTable, RankingOfTableReadsHeadedAndHeaderlessLists) {
    const DataTable headed = table({"gene", "score"}, {{"A", "B"}, {"0.5", "-1"}});
    const GeneRanking a = rankingOfTable(headed);
    EXPECT_EQ(a.genes, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(a.scores, (std::vector<double>{0.5, -1}));
    const DataTable rnk = table({"TP53", "2.5"}, {{"EGFR", "KRAS"}, {"1", "-3"}});
    const GeneRanking b = rankingOfTable(rnk);
    EXPECT_EQ(b.genes, (std::vector<std::string>{"TP53", "EGFR", "KRAS"}));
    EXPECT_EQ(b.scores, (std::vector<double>{2.5, 1, -3}));
    EXPECT_EQ(errorOf([&] {
                  rankingOfTable(table({"gene", "score"}, {{"A", "B"}, {"1", ""}}));
              }),
              "t.csv line 3: gene 'B' has no score");
}

TEST(AssociationTable, SnpColumnsAndOutcomesJoinById) {
    const DataTable t = table({"IID", "snp_rs1", "snp_rs2", "tox", "dose"}, {{"S1", "S2", "S3"},
                                                                             {"0", "1", ""},
                                                                             {"2", "2", "1"},
                                                                             {"1", "0", ""},
                                                                             {"60", "55.5", "70"}});
    const GenotypeMatrix g = genotypesOfTable(t, "IID");
    EXPECT_EQ(g.samples, (std::vector<std::string>{"S1", "S2", "S3"}));
    ASSERT_EQ(g.snps.size(), 2u);
    EXPECT_EQ(g.snps[0].id, "rs1");
    EXPECT_TRUE(std::isnan(g.dosage(2, 0)));
    const Eigen::VectorXd dose = valuesByIds(t, "IID", {"S3", "S9", "S1"}, "dose");
    EXPECT_EQ(dose(0), 70);
    EXPECT_TRUE(std::isnan(dose(1))); // an id the table lacks: missing
    EXPECT_EQ(dose(2), 60);
    EXPECT_TRUE(isZeroOneColumn(t, "tox"));
    EXPECT_FALSE(isZeroOneColumn(t, "dose"));
    const DataTable twice = table({"IID", "snp_rs1"}, {{"S1", "S1"}, {"0", "1"}});
    EXPECT_EQ(errorOf([&] { genotypesOfTable(twice, "IID"); }),
              "t.csv line 3: IID 'S1' appears twice");
    const DataTable bad = table({"IID", "snp_rs1"}, {{"S1", "S2"}, {"0", "3"}});
    EXPECT_NE(errorOf([&] { genotypesOfTable(bad, "IID"); }), "");
}

TEST(AssociationTable, SnpOutcomeKindAndCovariatesFollowTheSampleOrder) {
    const DataTable t = table({"IID", "tox", "qt", "time", "event", "dose"}, {{"S1", "S2", "S3"},
                                                                              {"1", "0", ""},
                                                                              {"0.5", "1", "2"},
                                                                              {"12", "30.5", "7"},
                                                                              {"1", "0", "1"},
                                                                              {"60", "", "70"}});
    const std::vector<std::string> samples{"S3", "S9", "S1"};
    const SnpOutcome binary = snpOutcomeOfTable(t, "IID", samples, "tox");
    EXPECT_EQ(binary.kind, OutcomeKind::Binary);
    EXPECT_EQ(binary.name, "tox");
    EXPECT_TRUE(std::isnan(binary.value(0))); // missing, never 0
    EXPECT_TRUE(std::isnan(binary.value(1))); // an id the table lacks
    EXPECT_EQ(binary.value(2), 1);
    EXPECT_EQ(snpOutcomeOfTable(t, "IID", samples, "qt").kind, OutcomeKind::Continuous);
    const SnpOutcome survival = snpOutcomeOfTable(t, "IID", samples, "time", "event");
    EXPECT_EQ(survival.kind, OutcomeKind::TimeToEvent);
    EXPECT_EQ(survival.value(0), 7);
    EXPECT_EQ(survival.event(2), 1);
    EXPECT_STREQ(snpModelName(survival.kind), "cox");
    EXPECT_STREQ(snpModelName(OutcomeKind::Binary), "logistic");
    EXPECT_STREQ(snpModelName(OutcomeKind::Continuous), "linear");
    const SnpCovariates c = snpCovariatesOfTable(t, "IID", samples, {"dose", "qt"});
    EXPECT_EQ(c.names, (std::vector<std::string>{"dose", "qt"}));
    ASSERT_EQ(c.values.rows(), 3);
    ASSERT_EQ(c.values.cols(), 2);
    EXPECT_EQ(c.values(0, 0), 70);
    EXPECT_TRUE(std::isnan(c.values(1, 1)));
    EXPECT_EQ(c.values(2, 1), 0.5);
    EXPECT_NE(errorOf([&] { snpOutcomeOfTable(t, "IID", samples, "nope"); }), "");
}

// --------------------------------------------------------------------- CSV

TEST(AssociationCsv, CorrelationMapIsLongFormWithShortestNumbersAndQuotedNames) {
    Eigen::MatrixXd x(5, 2), y(5, 2);
    x << 1, 5, 2, 3, 3, 4, 4, 1, 5, 2;
    y << 0.1, 7, 0.3, 7, 0.2, 7, 0.5, 7, 0.4, 7;
    const CorrelationMap map = correlationMap(x, y);
    const std::string csv = correlationMapCsv(map, {"f,1", "f2"}, {"EGFR", "FLAT"});
    const std::string expected = "feature,gene,n,r,p,q,status\r\n"
                                 "\"f,1\",EGFR,5," +
                                 shortestNumber(map.r(0, 0)) + "," + shortestNumber(map.p(0, 0)) +
                                 "," + shortestNumber(map.q(0, 0)) + ",tested\r\n" +
                                 "\"f,1\",FLAT,5,,,,constant molecular value\r\n";
    EXPECT_EQ(csv.substr(0, expected.size()), expected);
    EXPECT_EQ(std::stod(shortestNumber(map.r(0, 0))), map.r(0, 0)); // round trip
    EXPECT_NE(errorOf([&] { correlationMapCsv(map, {"f1"}, {"EGFR", "FLAT"}); }), "");

    const MapClustering clustering = clusterCorrelationMap(map, Linkage::Average);
    EXPECT_EQ(clustering.molecularOrder.back(), 1); // FLAT has no tested pair: last
    const std::string clustered =
        correlationMapCsv(map, {"f1", "f2"}, {"EGFR", "FLAT"}, &clustering);
    EXPECT_EQ(clustered.substr(0, clustered.find("\r\n")),
              "feature,gene,n,r,p,q,status,feature_order,gene_order");
}

TEST(AssociationCsv, GroupMapNamesEachGroupsColumns) {
    const DataTable t =
        table({"mut_EGFR", "f"}, {{"1", "0", "1", "0", ""}, {"1", "2", "3", "4", "9"}});
    const GroupMap map = groupMap(namedColumns(t, {"f"}).values, groupingOfColumn(t, "mut_EGFR"));
    const std::string csv = groupMapCsv(map, {"f"});
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "feature,test,statistic,effect,p,q,n_wild-type,mean_wild-type,median_wild-type,"
              "n_mutated,mean_mutated,median_mutated,mw_w,mw_p,mw_q,auc,cliffs_delta,welch_t,"
              "welch_df,welch_p,welch_q,cohens_d,log2_fold_change,kw_h,kw_df,kw_p,kw_q,"
              "eta_squared,notes");
    EXPECT_NE(csv.find("\r\nf,mann-whitney,1,-0.5,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",2,3,3,2,2,2,1,"), std::string::npos) << csv; // n, mean, median per group
}

TEST(AssociationCsv, ProvenanceRecordsSourceOptionsAndVersion) {
    AssociationProvenance p;
    p.kind = "gsea";
    p.cohort = "lung@2";
    p.parameterSetHash = "abc";
    p.options = {{"seed", std::int64_t{7}},
                 {"weight", 1.0},
                 {"features", std::vector<std::string>{"a", "b"}},
                 {"hwe", kNaN},
                 {"cluster", std::string("average")}};
    const auto json = nlohmann::json::parse(provenanceJson(p, "2026-01-02T03:04:05Z"));
    EXPECT_EQ(json["kind"], "gsea");
    EXPECT_EQ(json["cohort"], "lung@2");
    EXPECT_TRUE(json["input_table"].is_null());
    EXPECT_EQ(json["parameter_set_hash"], "abc");
    EXPECT_EQ(json["options"]["seed"], 7);
    EXPECT_EQ(json["options"]["features"][1], "b");
    EXPECT_TRUE(json["options"]["hwe"].is_null());
    EXPECT_EQ(json["software_version"], RGW_VERSION);
    EXPECT_EQ(json["created_at"], "2026-01-02T03:04:05Z");
}

TEST(CsvText, FieldsAndNumbers) {
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(csvField("a \"b\", c"), "\"a \"\"b\"\", c\"");
    EXPECT_EQ(shortestNumber(0.1), "0.1");
    EXPECT_EQ(shortestNumber(kNaN), "");
    EXPECT_EQ(shortestNumber(1e-300), "1e-300");
    EXPECT_EQ(csvRecord({"a", "b,c"}), "a,\"b,c\"\r\n");
}

} // namespace
