// rgw-cli model train --stability versions (issue #16 §4): the stability
// filter's repeats from the stored segmentation versions of the cohort. The
// demo cohort's lesions get a second version moved sideways by more than its
// own width: its mesh volume is the same (stable by design) while its mean
// intensity is that of other tissue (unstable by design), so the filter must
// keep the one and drop the other; the model file records the source; the
// usage errors name their options.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Database.h"
#include "RobustnessRepository.h"
#include "SegmentationVersionFixture.h"
#include "SegmentationVersionRepeats.h"
#include "modeling/ModelFile.h"
#include "stats/DataTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

constexpr const char* kStable = "morphology.volume_mesh";
constexpr const char* kUnstable = "intensity_statistics.mean_intensity";

struct CliStabilityVersions : ::testing::Test {
    rgw::test::TempDir scratch;

    fs::path database() const { return scratch.path() / "versions.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", database().string()});
        return run(cliPath(), args, scratch.path());
    }
    std::string out(const std::string& name) const { return (scratch.path() / name).string(); }
};

TEST_F(CliStabilityVersions, FilterReadsTheStoredVersionsAndRecordsTheSource) {
    auto r = cli({"demo", "--out", out("demo"), "--patients", "48", "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(cli({"extract-cohort", "--params", "ct-default"}).exitCode, 0);
    {
        // A second reader's version of every lesion, through the storage API.
        rgw::storage::Database db(database());
        ASSERT_GT(rgw::test::addSidewaysVersions(db), 0u);
    }
    // The newest versions are extracted now; version 1's extractions stay.
    r = cli({"extract-cohort", "--params", "ct-default"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(
        cli({"cohort", "create", "sequenced", "--where", "mut_EGFR is not not-profiled"}).exitCode,
        0);
    r = cli({"cohort", "split", "sequenced", "--test-fraction", "0.3", "--seed", "4", "--stratify",
             "mut_EGFR"});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const std::vector<std::string> train{
        "model",         "train",    "--cohort", "sequenced", "--parameter-set", "ct-default",
        "--target",      "mut_EGFR", "--model",  "logistic",  "--penalty",       "ridge",
        "--inner-folds", "3",        "--folds",  "3",         "--seed",          "5",
        "--stability",   "versions"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = train;
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };
    r = with(
        {"--features", std::string(kStable) + "," + kUnstable, "--out", out("st.json"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonObject t = parseJson(r.out).object();
    const QJsonArray selected = t["selected_features"].toArray();
    EXPECT_TRUE(selected.contains(QString(kStable))) << r.out;
    EXPECT_FALSE(selected.contains(QString(kUnstable))) << r.out;
    const auto m = rgw::modeling::loadModelFile(out("st.json"));
    ASSERT_TRUE(m.pipeline.spec.stability.has_value());
    EXPECT_EQ(m.pipeline.spec.stability->repeatsSource, "segmentation versions");
    // The design, measured on every pair of the cohort (the filter sees
    // the training rows of each split).
    {
        rgw::storage::Database db(database());
        const auto pairs = rgw::storage::segmentationVersionPairs(db, "sequenced", "ct-default");
        EXPECT_EQ(pairs.pairs.size(), pairs.patientsWithFeatures);
        const auto table = rgw::storage::segmentationVersionFeatures(db, pairs);
        const auto iccs =
            rgw::radiomics::robustness::featureIccs(table, {rgw::stats::IccKind::TwoWayAgreement});
        double stable = std::nan(""), unstable = std::nan("");
        for (const auto& i : iccs) {
            if (i.feature == kStable)
                stable = i.result.icc;
            if (i.feature == kUnstable)
                unstable = i.result.icc;
        }
        EXPECT_GT(stable, 0.99) << "mesh volume of a moved contour";
        EXPECT_LT(unstable, 0.75) << "mean intensity of other tissue";
        std::printf("[ stability ] ICC(2,1) over %zu version pairs: volume %.6f, mean intensity "
                    "%.6f\n",
                    pairs.pairs.size(), stable, unstable);
    }

    // Usage errors name their options.
    r = cli({"model", "train", "--table", out("st.json"), "--target", "mut_EGFR", "--model",
             "logistic", "--folds", "3", "--seed", "5", "--stability", "versions", "--out",
             out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--stability versions"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--table"), std::string::npos) << r.err;
    r = cli({"model", "train", "--cohort", "sequenced", "--target", "mut_EGFR", "--model",
             "logistic", "--folds", "3", "--seed", "5", "--stability", "versions", "--out",
             out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--parameter-set"), std::string::npos) << r.err;
    r = with({"--features", std::string(kStable) + ",mut_KRAS", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("mut_KRAS"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--features"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("x.json")));

    // robustness --versions: the ICCs of the same pairs, written and stored
    // as a run whose provenance names the segmentation versions.
    r = cli({"robustness", "--versions", "--cohort", "sequenced", "--params", "ct-default", "--out",
             out("icc.csv"), "--store"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const rgw::stats::DataTable icc = rgw::stats::DataTable::read(out("icc.csv"));
    ASSERT_GT(icc.rows(), 0u);
    EXPECT_EQ(icc.text("perturbations")[0], "segmentation versions");
    EXPECT_EQ(icc.numbers("repeats")[0], 2);
    {
        rgw::storage::Database db(database());
        const auto stored = rgw::storage::storedFeatureIccs(
            db, rgw::stats::IccKind::TwoWayConsistency, std::nullopt);
        ASSERT_TRUE(stored.count(kStable));
        EXPECT_GT(stored.at(kStable), 0.99);
        rgw::storage::Statement run(db, "SELECT perturbations, repeats FROM robustness_runs");
        ASSERT_TRUE(run.step());
        EXPECT_EQ(run.text(0), "segmentation versions");
        EXPECT_EQ(run.int64(1), 2);
    }
    r = cli({"robustness", "--versions", "--params", "ct-default", "--perturb", "noise", "--out",
             out("y.csv")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--perturb"), std::string::npos) << r.err;
    r = cli({"robustness", "--versions", "--cohort", "no-such-cohort", "--params", "ct-default",
             "--out", out("y.csv")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("no-such-cohort"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("y.csv")));
}

} // namespace

#endif
