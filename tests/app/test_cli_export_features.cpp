// rgw-cli export features (issue #15 section 2, "Feature tables") on the
// demo cohort as a user runs it: demo --import, extract-cohort, cohort create,
// then the wide and the long table. The wide cells are checked against
// 'cohort export --features P --roi each' (the one wide table), the long rows
// against the feature values stored in the database (bit for bit), the
// provenance against the stored parameter set and extractions; bad inputs
// give one error line, their exit status and no file at all.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Database.h"
#include "FeatureRepository.h"
#include "modeling/TableProvenance.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;
using rgw::test::slurp;

namespace {

using Record = std::vector<std::string>;

/// An RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF), written
/// here so that the tables are read independently of the writers.
std::vector<Record> readCsv(const std::string& text) {
    std::vector<Record> records;
    Record record(1);
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                record.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                record.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.emplace_back();
        } else if (c == '\n') {
            records.push_back(record);
            record.assign(1, "");
            any = false;
        } else if (c != '\r') {
            record.back() += c;
        }
    }
    if (any)
        records.push_back(record);
    return records;
}

/// The rows of a table with a header, as column -> cell maps.
std::vector<std::map<std::string, std::string>> rowsOf(const std::vector<Record>& records) {
    std::vector<std::map<std::string, std::string>> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        EXPECT_EQ(records[r].size(), records[0].size()) << "row " << r;
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < records[0].size() && c < records[r].size(); ++c)
            row[records[0][c]] = records[r][c];
        rows.push_back(row);
    }
    return rows;
}

std::set<long long> extractionIdsOf(const QJsonObject& provenance) {
    std::set<long long> ids;
    for (const auto& v : provenance["extraction_ids"].toArray())
        ids.insert(v.toInteger());
    return ids;
}

/// One error line naming `needle`, with the exit code.
void expectError(const rgw::test::ProcessResult& r, int exitCode, const std::string& needle) {
    EXPECT_EQ(r.exitCode, exitCode) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

/// The demo with features and a cohort, built once for every test.
class CliExportFeatures : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        tmp_ = new rgw::test::TempDir;
        auto r =
            cli({"demo", "--out", (tmp_->path() / "demo").string(), "--patients", "8", "--import"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"extract-cohort", "--params", "ct-default"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // Sequenced patients only, one of them excluded: the table follows the cohort.
        r = cli({"cohort", "create", "sequenced", "--where", "mut_EGFR is not not-profiled"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        {
            rgw::storage::Database database(db());
            auto& s = database.prepare("SELECT p.patient_id FROM cohort_members m JOIN patients p "
                                       "ON p.id = m.patient_id ORDER BY p.patient_id LIMIT 1");
            ASSERT_TRUE(s.step());
            excluded_ = s.text(0);
            s.reset();
        }
        r = cli({"cohort", "exclude", "sequenced", excluded_, "--reason", "test exclusion"});
        ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    }
    static void TearDownTestSuite() {
        delete tmp_;
        tmp_ = nullptr;
    }
    static fs::path db() { return tmp_->path() / "cohort.rgwdb"; }
    static fs::path file(const std::string& name) { return tmp_->path() / name; }
    static rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp_->path());
    }
    static rgw::test::ProcessResult exportFeatures(const std::string& format, const fs::path& out) {
        return cli({"export", "features", "--cohort", "sequenced", "--params", "ct-default",
                    "--format", format, "--out", out.string()});
    }

    static rgw::test::TempDir* tmp_;
    static std::string excluded_; ///< a member of the cohort, excluded
};

rgw::test::TempDir* CliExportFeatures::tmp_ = nullptr;
std::string CliExportFeatures::excluded_;

TEST_F(CliExportFeatures, WideCellsAreTheCohortExportsPerRoi) {
    const fs::path wide = file("wide.csv"), cohort = file("cohort-each.csv");
    auto r = exportFeatures("wide", wide);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli({"cohort", "export", "sequenced", "--features", "ct-default", "--roi", "each", "--out",
             cohort.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const auto wideRecords = readCsv(slurp(wide));
    const auto cohortRecords = readCsv(slurp(cohort));
    ASSERT_GE(wideRecords.size(), 2u);
    const Record& header = wideRecords[0];
    ASSERT_GE(header.size(), 5u);
    EXPECT_EQ((Record{header.begin(), header.begin() + 4}),
              (Record{"patient_id", "roi_name", "series_uid", "split"}));
    std::size_t features = 0;
    for (std::size_t c = 4; c < header.size(); ++c) {
        // family.feature[.aggregation], lower snake case.
        const std::string& name = header[c];
        EXPECT_NE(name.find('.'), std::string::npos) << name;
        EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_."),
                  std::string::npos)
            << name;
        ++features;
    }
    EXPECT_GT(features, 100u);
    EXPECT_EQ(std::count(header.begin(), header.end(), "mut_EGFR"), 0)
        << "the feature table holds no clinical or genomic variables";

    // Same rows (patient, ROI) and, in every column of the wide table, the same cells.
    const auto key = [](const std::map<std::string, std::string>& row) {
        return row.at("patient_id") + "|" + row.at("roi_name");
    };
    std::map<std::string, std::map<std::string, std::string>> expected;
    for (const auto& row : rowsOf(cohortRecords))
        expected[key(row)] = row;
    const auto rows = rowsOf(wideRecords);
    EXPECT_EQ(rows.size(), expected.size());
    std::size_t cells = 0;
    for (const auto& row : rows) {
        ASSERT_TRUE(expected.count(key(row))) << key(row);
        EXPECT_NE(row.at("patient_id"), excluded_) << "excluded from the cohort";
        for (const auto& [column, cell] : row) {
            ASSERT_TRUE(expected[key(row)].count(column)) << column;
            EXPECT_EQ(cell, expected[key(row)].at(column)) << key(row) << " " << column;
            ++cells;
        }
    }
    EXPECT_EQ(cells, rows.size() * header.size());

    const QJsonObject provenance = parseJson(slurp(file("wide.csv.provenance.json"))).object();
    const QJsonObject cohortProvenance =
        parseJson(slurp(file("cohort-each.csv.provenance.json"))).object();
    EXPECT_EQ(extractionIdsOf(provenance), extractionIdsOf(cohortProvenance));
    EXPECT_EQ(provenance["format"].toString(), "wide");
    EXPECT_EQ(provenance["cohort"].toObject()["reference"].toString(), "sequenced@1");
    EXPECT_FALSE(provenance["software_version"].toString().isEmpty());
    EXPECT_FALSE(provenance["created_at"].toString().isEmpty());
    const auto read = rgw::modeling::readTableProvenance(wide);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->cohort, "sequenced@1");
}

TEST_F(CliExportFeatures, LongRowsAreTheStoredValuesOfEachExtraction) {
    const fs::path table = file("long.csv");
    const auto r = exportFeatures("long", table);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto records = readCsv(slurp(table));
    ASSERT_GE(records.size(), 2u);
    EXPECT_EQ(records[0],
              (Record{"patient_id", "roi_name", "series_uid", "extraction_id", "family", "feature",
                      "ibsi_code", "aggregation", "value", "unit", "missing_reason"}));

    rgw::storage::Database database(db());
    rgw::storage::FeatureRepository repository(database);
    // The extractions the cohort should give: every extraction with ct-default of
    // an included patient (the demo has one version per segmentation).
    std::set<long long> included;
    {
        auto& s = database.prepare(
            "SELECT fe.id FROM feature_extractions fe JOIN parameter_sets ps "
            "ON ps.id = fe.parameter_set_id JOIN segmentations sg ON sg.id = fe.segmentation_id "
            "JOIN patients p ON p.id = sg.patient_id JOIN cohort_members m ON m.patient_id = p.id "
            "JOIN cohorts c ON c.id = m.cohort_id WHERE ps.name = 'ct-default' "
            "AND c.name = 'sequenced' AND p.patient_id <> ?1");
        s.bind(1, excluded_);
        while (s.step())
            included.insert(s.int64(0));
        s.reset();
    }
    ASSERT_GE(included.size(), 3u);

    // Every row: its extraction's stored value, bit for bit, in stored order.
    std::map<long long, std::vector<const Record*>> byExtraction;
    for (std::size_t i = 1; i < records.size(); ++i) {
        ASSERT_EQ(records[i].size(), 11u) << "row " << i;
        byExtraction[std::stoll(records[i][3])].push_back(&records[i]);
    }
    std::set<long long> seen;
    std::size_t expectedRows = 0, compared = 0;
    for (const auto& [id, rows] : byExtraction) {
        seen.insert(id);
        const auto stored = repository.values(id).values;
        expectedRows += stored.size();
        ASSERT_EQ(rows.size(), stored.size()) << "extraction " << id;
        for (std::size_t f = 0; f < stored.size(); ++f) {
            const Record& row = *rows[f];
            EXPECT_EQ(row[4], stored[f].family);
            EXPECT_EQ(row[5], stored[f].name);
            EXPECT_EQ(row[6], stored[f].ibsiCode);
            EXPECT_EQ(row[7], stored[f].aggregation);
            EXPECT_EQ(row[9], stored[f].unit);
            EXPECT_EQ(row[10], stored[f].missingReason);
            if (stored[f].missing()) {
                EXPECT_EQ(row[8], "") << "a missing value is an empty cell, never 0";
                continue;
            }
            const double value = std::strtod(row[8].c_str(), nullptr);
            EXPECT_EQ(std::memcmp(&value, &stored[f].value, sizeof value), 0)
                << row[5] << ": " << row[8];
            ++compared;
        }
    }
    EXPECT_EQ(seen, included);
    EXPECT_EQ(records.size() - 1, expectedRows) << "rows = extractions x their features";
    EXPECT_GT(compared, 0u);

    // The provenance names the parameter set's hash and every extraction.
    const QJsonObject provenance = parseJson(slurp(file("long.csv.provenance.json"))).object();
    const auto parameterSets = repository.parameterSetsInUse();
    ASSERT_EQ(parameterSets.size(), 1u);
    EXPECT_EQ(provenance["parameter_set"].toObject()["hash"].toString().toStdString(),
              parameterSets.front().hash);
    EXPECT_EQ(parameterSets.front().hash.size(), 64u);
    EXPECT_EQ(provenance["format"].toString(), "long");
    EXPECT_EQ(extractionIdsOf(provenance), included);
    EXPECT_EQ(provenance["cohort"].toObject()["reference"].toString(), "sequenced@1");
    EXPECT_FALSE(provenance["software_version"].toString().isEmpty());
    EXPECT_FALSE(provenance["created_at"].toString().isEmpty());
    const auto read = rgw::modeling::readTableProvenance(table);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->parameterSetHash, parameterSets.front().hash);
    EXPECT_EQ(read->cohort, "sequenced@1");
}

TEST_F(CliExportFeatures, BadInputsFailClearlyAndWriteNothing) {
    const fs::path out = file("never.csv");
    const auto nothingWritten = [&] {
        EXPECT_FALSE(fs::exists(out));
        EXPECT_FALSE(fs::exists(file("never.csv.provenance.json")));
        for (const auto& e : fs::directory_iterator(tmp_->path()))
            EXPECT_EQ(e.path().filename().string().find("never.csv."), std::string::npos)
                << e.path() << ": a temporary file was left behind";
    };
    expectError(cli({"export", "features", "--cohort", "nobody", "--params", "ct-default",
                     "--format", "wide", "--out", out.string()}),
                3, "nobody");
    nothingWritten();
    expectError(cli({"export", "features", "--cohort", "sequenced", "--params", "mr-default",
                     "--format", "long", "--out", out.string()}),
                3, "mr-default");
    nothingWritten();
    expectError(cli({"export", "features", "--cohort", "sequenced", "--params", "ct-default",
                     "--format", "tall", "--out", out.string()}),
                2, "tall");
    nothingWritten();
    expectError(cli({"export", "features", "--cohort", "sequenced", "--params", "ct-default",
                     "--out", out.string()}),
                2, "--format");
    nothingWritten();
    expectError(cli({"export", "features", "--cohort", "sequenced", "--params", "ct-default",
                     "--format", "wide"}),
                2, "--out");
    nothingWritten();
    // An unwritable place: the work fails (exit 1) and leaves nothing.
    const fs::path missingFolder = file("no-such-folder") / "t.csv";
    for (const char* format : {"wide", "long"}) {
        expectError(cli({"export", "features", "--cohort", "sequenced", "--params", "ct-default",
                         "--format", format, "--out", missingFolder.string()}),
                    1, "t.csv");
        EXPECT_FALSE(fs::exists(file("no-such-folder")));
    }
    // A failed export leaves an earlier table as it was.
    { std::ofstream(out) << "earlier table\n"; }
    expectError(cli({"export", "features", "--cohort", "nobody", "--params", "ct-default",
                     "--format", "long", "--out", out.string()}),
                3, "nobody");
    EXPECT_EQ(slurp(out), "earlier table\n");
    fs::remove(out);

    // The single-word export commands are still there.
    EXPECT_EQ(cli({"export-volume", "--help"}).exitCode, 0);
    EXPECT_EQ(cli({"export-mask", "--help"}).exitCode, 0);
    const auto help = cli({"export", "features", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("--format wide|long"), std::string::npos) << help.out;
    expectError(cli({"export", "nothing"}), 2, "export");
}

} // namespace

#endif
