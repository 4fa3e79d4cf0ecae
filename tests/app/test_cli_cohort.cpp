// rgw-cli cohort (issue #12 section 4): named cohorts from the filter
// language over genomic and clinical variables, frozen member lists that new
// data never change, exclusions with reasons counted in the flow, seeded
// splits reproducible across databases, and the export table's not-profiled
// rule (an empty mut_ cell, never 0).
//
// Expected members and cells are read off the fixture study
// (tests/support/CbioStudyFixture.h), primary sample per patient:
//   TCGA-AB-0001  -01 panel A: EGFR missense, TP53 missense, IDH1 silent;
//                 OS 1:DECEASED 17.97 months, AGE 62
//   TCGA-AB-0002  -01 panel B (no EGFR): TP53 nonsense; AGE [Not Available]
//   TCGA-AB-0003  -02 only, panel NA: not profiled; AGE 71
//   TCGA-AB-0004  -11 only, not in the _sequenced case list; AGE 55.5
//   LOCAL-017     -T panel A: PTEN frame shift (EGFR wild-type); OS missing
#ifndef _WIN32

#include "CbioStudyFixture.h"
#include "CliTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;
namespace cbio = rgw::test::cbio;

namespace {

/// A CSV without quoted fields (what the export writes for this fixture):
/// the rows by patient_id, each a column -> cell map.
std::map<std::string, std::map<std::string, std::string>> readTable(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    const auto split = [](const std::string& text) {
        std::vector<std::string> cells;
        std::stringstream stream(text);
        for (std::string cell; std::getline(stream, cell, ',');)
            cells.push_back(cell);
        if (!text.empty() && text.back() == ',')
            cells.emplace_back();
        return cells;
    };
    const auto header = split(line);
    std::map<std::string, std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto cells = split(line);
        EXPECT_EQ(cells.size(), header.size()) << line;
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i)
            row[header[i]] = cells[i];
        rows[row["patient_id"]] = row;
    }
    return rows;
}

struct CliCohort : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db(const std::string& name = "cohort.rgwdb") const { return tmp.path() / name; }
    rgw::test::ProcessResult cli(std::vector<std::string> args,
                                 const std::string& database = "cohort.rgwdb") {
        args.insert(args.begin(), {"--db", db(database).string()});
        return run(cliPath(), args, tmp.path());
    }
    void importStudy(const std::string& database = "cohort.rgwdb") {
        const fs::path folder = tmp.path() / ("study-" + database);
        if (!fs::exists(folder))
            cbio::writeStudy(folder);
        const auto r = cli({"genomics", "import", folder.string()}, database);
        ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    }
    QJsonObject show(const std::string& cohort, const std::string& database = "cohort.rgwdb") {
        const auto r = cli({"cohort", "show", cohort, "--json"}, database);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).object();
    }
    static std::vector<std::string> included(const QJsonObject& shown) {
        std::vector<std::string> ids;
        for (const auto& m : shown["member_list"].toArray())
            if (!m.toObject()["excluded"].toBool())
                ids.push_back(m.toObject()["patient_id"].toString().toStdString());
        return ids;
    }
};

} // namespace

TEST_F(CliCohort, FilterSelectsByGeneStatusNeverCountingNotProfiledAsWildType) {
    importStudy();
    auto r = cli({"cohort", "create", "egfr_mut", "--where", "mut_EGFR is mutated"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(included(show("egfr_mut")), std::vector<std::string>{"TCGA-AB-0001"});

    ASSERT_EQ(cli({"cohort", "create", "egfr_wt", "--where", "mut_EGFR is wild-type"}).exitCode, 0);
    EXPECT_EQ(included(show("egfr_wt")), std::vector<std::string>{"LOCAL-017"});

    ASSERT_EQ(cli({"cohort", "create", "egfr_np", "--where", "mut_EGFR is not-profiled"}).exitCode,
              0);
    EXPECT_EQ(included(show("egfr_np")),
              (std::vector<std::string>{"TCGA-AB-0002", "TCGA-AB-0003", "TCGA-AB-0004"}));

    // Missing AGE satisfies neither side of a comparison.
    ASSERT_EQ(cli({"cohort", "create", "old", "--where", "AGE > 60"}).exitCode, 0);
    ASSERT_EQ(cli({"cohort", "create", "young", "--where", "AGE <= 60"}).exitCode, 0);
    EXPECT_EQ(included(show("old")), (std::vector<std::string>{"TCGA-AB-0001", "TCGA-AB-0003"}));
    EXPECT_EQ(included(show("young")), (std::vector<std::string>{"LOCAL-017", "TCGA-AB-0004"}));

    // --from narrows another cohort's included members.
    ASSERT_EQ(
        cli({"cohort", "create", "old_known", "--from", "old", "--where", "mut_TP53 is mutated"})
            .exitCode,
        0);
    const QJsonObject narrowed = show("old_known");
    EXPECT_EQ(narrowed["from"].toString(), "old@1");
    EXPECT_EQ(narrowed["candidates"].toInt(), 2);
    EXPECT_EQ(included(narrowed), std::vector<std::string>{"TCGA-AB-0001"});
}

TEST_F(CliCohort, UnknownVariablesAndCohortsAreErrorsThatStoreNothing) {
    importStudy();
    auto r = cli({"cohort", "create", "typo", "--where", "mut_EGRF is mutated"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("unknown variable 'mut_EGRF'"), std::string::npos) << r.err;
    r = cli({"cohort", "create", "syntax", "--where", "AGE >"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("filter:"), std::string::npos) << r.err;
    r = cli({"cohort", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0);
    EXPECT_TRUE(parseJson(r.out).array().isEmpty()) << r.out;

    EXPECT_EQ(cli({"cohort", "show", "nothing"}).exitCode, 3);
    EXPECT_EQ(cli({"cohort", "create", "x", "--from", "nothing"}).exitCode, 3);
    EXPECT_EQ(cli({"cohort", "qc", "1.2.3.4", "--verdict", "pass"}).exitCode, 3);
    EXPECT_EQ(cli({"cohort", "qc", "1.2.3.4", "--verdict", "good"}).exitCode, 2);
    EXPECT_EQ(cli({"cohort", "frobnicate"}).exitCode, 2);
    EXPECT_EQ(cli({"cohort", "split", "x", "--seed", "1"}).exitCode, 2);
}

TEST_F(CliCohort, ExclusionsWithReasonsMakeTheFlowAndMembersStayFrozen) {
    importStudy();
    ASSERT_EQ(cli({"cohort", "create", "study", "--where", "OS_MONTHS is not missing"}).exitCode,
              0);
    auto r = cli({"cohort", "exclude", "study", "TCGA-AB-0003", "--reason", "no contrast CT"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(
        cli({"cohort", "exclude", "study", "TCGA-AB-0004", "--reason", "no contrast CT"}).exitCode,
        0);
    ASSERT_EQ(cli({"cohort", "exclude", "study", "TCGA-AB-0002", "--reason", "withdrew consent"})
                  .exitCode,
              0);
    // Not a member (OS missing), already excluded, no reason: refused.
    EXPECT_EQ(cli({"cohort", "exclude", "study", "LOCAL-017", "--reason", "x"}).exitCode, 1);
    EXPECT_EQ(cli({"cohort", "exclude", "study", "TCGA-AB-0003", "--reason", "x"}).exitCode, 1);
    EXPECT_EQ(cli({"cohort", "exclude", "study", "TCGA-AB-0001"}).exitCode, 2);
    // Undo one decision, with its own reason.
    ASSERT_EQ(cli({"cohort", "include", "study", "TCGA-AB-0002", "--reason", "consent restored"})
                  .exitCode,
              0);

    const QJsonObject shown = show("study");
    EXPECT_EQ(shown["definition"].toString(), "OS_MONTHS is not missing");
    const QJsonObject flow = shown["flow"].toObject();
    EXPECT_EQ(flow["started"].toInt(), 5);
    const QJsonArray steps = flow["steps"].toArray();
    ASSERT_EQ(steps.size(), 2) << QJsonDocument(flow).toJson().toStdString();
    EXPECT_EQ(steps[0].toObject()["reason"].toString(), "did not meet: OS_MONTHS is not missing");
    EXPECT_EQ(steps[0].toObject()["excluded"].toInt(), 1); // LOCAL-017
    EXPECT_EQ(steps[1].toObject()["reason"].toString(), "no contrast CT");
    EXPECT_EQ(steps[1].toObject()["excluded"].toInt(), 2);
    EXPECT_EQ(flow["final"].toInt(), 2);
    EXPECT_EQ(included(shown), (std::vector<std::string>{"TCGA-AB-0001", "TCGA-AB-0002"}));

    // A patient who arrives later (a PLINK file names a new id) changes
    // nothing in version 1; creating the cohort again makes version 2.
    const fs::path raw = tmp.path() / "late.raw";
    std::ofstream(raw) << "FID IID PAT MAT SEX PHENOTYPE rs2682585_A\n"
                          "F9 LATE-900 0 0 1 -9 1\n";
    r = cli({"genomics", "import", raw.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    ASSERT_EQ(cli({"cohort", "create", "everyone"}).exitCode, 0);
    ASSERT_EQ(show("everyone")["members"].toInt(), 6);
    ASSERT_EQ(cli({"cohort", "create", "study", "--where", "OS_MONTHS is not missing"}).exitCode,
              0);
    EXPECT_EQ(show("study@1")["flow"].toObject()["started"].toInt(), 5);
    const QJsonObject second = show("study");
    EXPECT_EQ(second["version"].toInt(), 2);
    EXPECT_EQ(second["candidates"].toInt(), 6);
    EXPECT_EQ(second["members"].toInt(), 4); // decisions belong to version 1
}

TEST_F(CliCohort, SplitIsReproducibleFromItsSeedInAnotherDatabase) {
    std::map<std::string, std::string> first;
    for (const std::string database : {"a.rgwdb", "b.rgwdb"}) {
        importStudy(database);
        ASSERT_EQ(cli({"cohort", "create", "all"}, database).exitCode, 0);
        const auto r = cli({"cohort", "split", "all", "--test-fraction", "0.4", "--stratify", "SEX",
                            "--seed", "18446744073709"},
                           database);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const QJsonObject shown = show("all", database);
        EXPECT_EQ(shown["split"].toObject()["seed"].toString(), "18446744073709");
        EXPECT_EQ(shown["split"].toObject()["variable"].toString(), "SEX");
        std::map<std::string, std::string> roles;
        for (const auto& m : shown["member_list"].toArray())
            roles[m.toObject()["patient_id"].toString().toStdString()] =
                m.toObject()["split"].toString().toStdString();
        if (first.empty())
            first = roles;
        else
            EXPECT_EQ(roles, first);
        // 3 Female, 2 Male: round(0.4 * 3) = 1 and round(0.4 * 2) = 1 go to test.
        const auto perSplit = shown["flow"].toObject()["per_split"].toObject();
        EXPECT_EQ(perSplit["test"].toInt(), 2);
        EXPECT_EQ(perSplit["train"].toInt(), 3);
    }
    // An imported assignment replaces it.
    const fs::path assign = tmp.path() / "assign.csv";
    std::ofstream(assign) << "patient_id,split\nTCGA-AB-0001,test\nTCGA-AB-0002,train\n"
                             "TCGA-AB-0003,train\nTCGA-AB-0004,train\nLOCAL-017,test\n";
    ASSERT_EQ(cli({"cohort", "split", "all", "--assign", assign.string()}, "a.rgwdb").exitCode, 0);
    const QJsonObject shown = show("all", "a.rgwdb");
    EXPECT_EQ(shown["split"].toObject()["method"].toString(), "imported");
    EXPECT_EQ(shown["flow"].toObject()["per_split"].toObject()["test"].toInt(), 2);
}

TEST_F(CliCohort, ExportWritesLabelsOutcomesAndEmptyCellsForNotProfiled) {
    importStudy();
    const fs::path all = tmp.path() / "all.csv";
    auto r = cli({"cohort", "export", "--all", "--out", all.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto rows = readTable(all);
    ASSERT_EQ(rows.size(), 5u);
    const auto& p1 = rows.at("TCGA-AB-0001");
    EXPECT_EQ(p1.at("mut_EGFR"), "1");
    EXPECT_EQ(p1.at("mut_IDH1"), "0"); // a Silent call only
    EXPECT_EQ(p1.at("OS_STATUS"), "1:DECEASED");
    EXPECT_EQ(p1.at("os_event"), "1");
    EXPECT_DOUBLE_EQ(std::stod(p1.at("os_time")), 17.97);
    EXPECT_EQ(p1.at("split"), "");
    EXPECT_EQ(rows.at("TCGA-AB-0002").at("mut_EGFR"), ""); // panel B lacks EGFR
    EXPECT_EQ(rows.at("TCGA-AB-0002").at("mut_TP53"), "1");
    EXPECT_EQ(rows.at("TCGA-AB-0002").at("AGE"), "");       // [Not Available]
    EXPECT_EQ(rows.at("TCGA-AB-0002").at("os_event"), "0"); // 0:LIVING
    EXPECT_EQ(rows.at("TCGA-AB-0003").at("mut_TP53"), "");  // panel NA
    EXPECT_EQ(rows.at("TCGA-AB-0004").at("mut_TP53"), "");  // not in _sequenced
    EXPECT_EQ(rows.at("LOCAL-017").at("mut_EGFR"), "0");
    EXPECT_EQ(rows.at("LOCAL-017").at("mut_PTEN"), "1");
    EXPECT_EQ(rows.at("LOCAL-017").at("os_time"), "");
    EXPECT_TRUE(fs::exists(tmp.path() / "all.csv.provenance.json"));

    // A cohort's export: its included members with their split; limited genes.
    ASSERT_EQ(
        cli({"cohort", "create", "known", "--where", "mut_EGFR is not not-profiled"}).exitCode, 0);
    ASSERT_EQ(cli({"cohort", "split", "known", "--test-fraction", "0.5", "--seed", "3"}).exitCode,
              0);
    const fs::path known = tmp.path() / "known.csv";
    r = cli({"cohort", "export", "known", "--out", known.string(), "--genes", "EGFR"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    rows = readTable(known);
    ASSERT_EQ(rows.size(), 2u);
    std::set<std::string> roles;
    for (const auto& [id, row] : rows) {
        roles.insert(row.at("split"));
        EXPECT_EQ(row.count("mut_TP53"), 0u) << "--genes EGFR keeps only EGFR columns";
    }
    EXPECT_EQ(roles, (std::set<std::string>{"test", "train"}));
    EXPECT_EQ(rows.at("TCGA-AB-0001").at("mut_EGFR"), "1");

    EXPECT_EQ(cli({"cohort", "export", "--all"}).exitCode, 2);
    EXPECT_EQ(cli({"cohort", "export", "nothing", "--out", "x.csv"}).exitCode, 3);
}

// The whole path on the embedded demo: import (images and the study)
// -> extract -> curate -> export shows the association the generator builds
// in (core/demo/DemoGenomics.h: EGFR-mutated lesions 300 HU darker), read
// only from the exported table.
TEST_F(CliCohort, DemoPathExportShowsTheEgfrImagingAssociation) {
    auto r = cli({"demo", "--out", (tmp.path() / "demo").string(), "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli({"extract-cohort", "--params", "ct-default"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(
        cli({"cohort", "create", "sequenced", "--where", "mut_EGFR is not not-profiled"}).exitCode,
        0);
    const fs::path table = tmp.path() / "sequenced.csv";
    r = cli({"cohort", "export", "sequenced", "--out", table.string(), "--features", "ct-default",
             "--genes", "EGFR"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto rows = readTable(table);
    std::vector<double> mutated, wildType;
    for (const auto& [id, row] : rows) {
        const std::string& mean = row.at("intensity_statistics.mean_intensity");
        ASSERT_FALSE(mean.empty()) << id;
        ASSERT_NE(row.at("mut_EGFR"), "") << id << ": the cohort holds sequenced patients only";
        (row.at("mut_EGFR") == "1" ? mutated : wildType).push_back(std::stod(mean));
    }
    ASSERT_GE(mutated.size(), 3u);
    ASSERT_GE(wildType.size(), 3u);
    EXPECT_LT(*std::max_element(mutated.begin(), mutated.end()),
              *std::min_element(wildType.begin(), wildType.end()));
}

#endif
