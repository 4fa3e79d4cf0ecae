// rgw-cli habitats (issue #14 §5) on the demo cohort: the printed ids are
// stored segmentations linked to their parent, the fractions sum to 1, the
// same seed gives the same masks, the habitats extract like any ROI, and bad
// inputs give one named error line with the CLI's exit codes.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "DerivedSegmentations.h"
#include "SegmentationRepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>
#include <sstream>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

struct Target {
    std::string seriesUid;
    rgw::storage::Id segmentationId = 0;
    std::string otherPatientSeriesUid; ///< a CT series of another patient
};

struct CliHabitats : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }

    /// The demo cohort of two patients, imported; the first segmentation of
    /// the first patient with its CT series, and the other patient's CT.
    Target demo() {
        const auto r =
            cli({"demo", "--out", (tmp.path() / "demo").string(), "--patients", "2", "--import"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        rgw::storage::Database d(db());
        Target t;
        const auto segmentations = rgw::storage::SegmentationRepository(d).listAll();
        EXPECT_FALSE(segmentations.empty());
        if (segmentations.empty())
            return t;
        t.segmentationId = segmentations.front().id;
        t.seriesUid = segmentations.front().referencedSeriesInstanceUid;
        const auto own = rgw::storage::SeriesRepository(d).find(t.seriesUid);
        EXPECT_TRUE(own);
        for (const auto& s : rgw::storage::SeriesRepository(d).listAll())
            if (s.modality == "CT" && own && s.patientId != own->patientId)
                t.otherPatientSeriesUid = s.seriesInstanceUid;
        EXPECT_FALSE(t.otherPatientSeriesUid.empty());
        return t;
    }
};

std::vector<rgw::storage::Id> idLines(const std::string& out) {
    std::vector<rgw::storage::Id> ids;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line))
        ids.push_back(std::stoll(line));
    return ids;
}

void expectOneErrorLine(const rgw::test::ProcessResult& r, int exitCode, const std::string& what) {
    EXPECT_EQ(r.exitCode, exitCode) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << "expected '" << what << "' in " << r.err;
}

} // namespace

TEST_F(CliHabitats, StoresLinkedHabitatsDeterministicallyAndTheyExtract) {
    const Target t = demo();
    ASSERT_NE(t.segmentationId, 0);
    const std::string seg = std::to_string(t.segmentationId);

    // Plain: one id per line, with the ring last.
    const auto first = cli(
        {"habitats", t.seriesUid, "--segmentation", seg, "--k", "3", "--seed", "7", "--ring", "3"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const std::vector<rgw::storage::Id> ids = idLines(first.out);
    ASSERT_EQ(ids.size(), 4u) << first.out;

    // JSON, same seed: a second run of the same habitats.
    const auto second =
        cli({"habitats", t.seriesUid, "--segmentation", seg, "--k", "3", "--seed", "7", "--json"});
    ASSERT_EQ(second.exitCode, 0) << second.err;
    const QJsonObject j = parseJson(second.out).object();
    EXPECT_EQ(j["k"].toInt(), 3);
    EXPECT_EQ(j["method"].toString(), "kmeans");
    EXPECT_EQ(j["criterion"].toString(), "given");
    EXPECT_TRUE(j["ring_id"].isNull());
    const QJsonArray habitats = j["habitats"].toArray();
    ASSERT_EQ(habitats.size(), 3);
    double sum = 0;
    for (int i = 0; i < habitats.size(); ++i) {
        const QJsonObject h = habitats[i].toObject();
        EXPECT_EQ(h["label"].toInt(), i + 1);
        EXPECT_GT(h["fraction"].toDouble(), 0.0);
        sum += h["fraction"].toDouble();
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);

    rgw::storage::Database d(db());
    rgw::storage::SegmentationRepository segmentations(d);
    // Stored, linked to the parent: both runs' habitats and the ring.
    const auto derived = rgw::storage::listDerived(d, t.segmentationId);
    ASSERT_EQ(derived.size(), 7u);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto row = rgw::storage::findDerivation(d, ids[i]);
        ASSERT_TRUE(row) << ids[i];
        EXPECT_EQ(row->run.parentId, t.segmentationId);
        EXPECT_EQ(row->segmentation.referencedSeriesInstanceUid, t.seriesUid);
        EXPECT_EQ(row->run.tool, i < 3 ? rgw::storage::DerivationTool::Habitat
                                       : rgw::storage::DerivationTool::PeritumouralRing);
        if (i < 3) {
            EXPECT_EQ(row->label, static_cast<int>(i) + 1);
            ASSERT_TRUE(row->fraction);
            EXPECT_DOUBLE_EQ(*row->fraction, habitats[static_cast<int>(i)]["fraction"].toDouble());
        }
    }
    // The same seed: identical stored masks.
    for (int i = 0; i < 3; ++i) {
        const auto a = segmentations.storedMask(ids[static_cast<std::size_t>(i)]);
        const auto b = segmentations.storedMask(habitats[i]["id"].toInteger());
        ASSERT_TRUE(a && b);
        EXPECT_EQ(a->voxels, b->voxels) << "habitat " << i + 1;
    }

    // A habitat is an ROI like any other.
    const fs::path out = tmp.path() / "habitat.csv";
    const auto e = cli({"extract", "--image", t.seriesUid, "--mask", std::to_string(ids[0]),
                        "--params", "ct-default", "--out", out.string()});
    EXPECT_EQ(e.exitCode, 0) << e.err;
    EXPECT_TRUE(fs::exists(out));
    EXPECT_NE(e.out.find("Stored:"), std::string::npos) << e.out;
    // extract-cohort picks every habitat and the ring up as pairs.
    const auto c = cli({"extract-cohort", "--params", "ct-default", "--threads", "2", "--json"});
    EXPECT_EQ(c.exitCode, 0) << c.err;
    const QJsonObject report = parseJson(c.out).object();
    EXPECT_EQ(report["pairs"].toInteger(), static_cast<qint64>(segmentations.listAll().size()));
    EXPECT_EQ(report["pairs"].toInteger(), 4 + 7); // 2 patients x 2 lesions, 7 derived
    EXPECT_TRUE(report["failed"].toArray().isEmpty()) << c.out;
}

TEST_F(CliHabitats, ChoosesKInARangeWithAGaussianMixture) {
    const Target t = demo();
    ASSERT_NE(t.segmentationId, 0);
    const auto r =
        cli({"habitats", t.seriesUid, "--segmentation", std::to_string(t.segmentationId), "--k",
             "0", "--k-range", "1-3", "--method", "gmm", "--seed", "2", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonObject j = parseJson(r.out).object();
    EXPECT_EQ(j["criterion"].toString(), "bic");
    EXPECT_EQ(j["criterion_values"].toArray().size(), 3);
    EXPECT_GE(j["k"].toInt(), 1);
    EXPECT_LE(j["k"].toInt(), 3);
    EXPECT_EQ(j["ids"].toArray().size(), j["k"].toInt());
}

TEST_F(CliHabitats, BadInputsGiveOneNamedErrorLine) {
    const Target t = demo();
    ASSERT_NE(t.segmentationId, 0);
    const std::string seg = std::to_string(t.segmentationId);
    expectOneErrorLine(
        cli({"habitats", "1.2.3.999", "--segmentation", seg, "--k", "2", "--seed", "1"}), 3,
        "1.2.3.999");
    expectOneErrorLine(cli({"habitats", t.seriesUid + ",1.2.3.999", "--segmentation", seg, "--k",
                            "2", "--seed", "1"}),
                       3, "1.2.3.999");
    expectOneErrorLine(
        cli({"habitats", t.seriesUid, "--segmentation", "99999", "--k", "2", "--seed", "1"}), 3,
        "segmentation 99999");
    expectOneErrorLine(cli({"habitats", t.seriesUid + "," + t.otherPatientSeriesUid,
                            "--segmentation", seg, "--k", "2", "--seed", "1"}),
                       1, t.otherPatientSeriesUid);
    expectOneErrorLine(
        cli({"habitats", t.seriesUid, "--segmentation", seg, "--k", "256", "--seed", "1"}), 2,
        "--k");
    expectOneErrorLine(cli({"habitats", t.seriesUid, "--segmentation", seg, "--k", "2", "--seed",
                            "1", "--k-range", "2-4"}),
                       2, "--k-range");
    expectOneErrorLine(cli({"habitats", t.seriesUid, "--segmentation", seg, "--k", "0", "--k-range",
                            "1-3", "--seed", "1"}),
                       1, "range");
    expectOneErrorLine(cli({"habitats", t.seriesUid, "--segmentation", seg, "--seed", "1"}), 2,
                       "--k");
    // Nothing was stored by the failed runs.
    rgw::storage::Database d(db());
    EXPECT_TRUE(rgw::storage::listDerived(d, t.segmentationId).empty());
}

#endif
