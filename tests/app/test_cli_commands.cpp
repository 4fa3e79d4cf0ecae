// rgw-cli as a user runs it: help, exit codes, one-line errors, import with
// JSON report, listings, exports read back and compared with independent loads.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"

#include <gtest/gtest.h>
#include <set>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

struct Cli : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
};

void expectOneErrorLine(const rgw::test::ProcessResult& r) {
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
}

} // namespace

TEST_F(Cli, HelpAndVersion) {
    auto r = run(cliPath(), {"--help"}, tmp.path());
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("usage: rgw-cli"), std::string::npos);
    EXPECT_TRUE(r.err.empty());
    for (const char* command : {"import", "list", "export-volume", "export-mask", "demo"}) {
        r = run(cliPath(), {command, "--help"}, tmp.path());
        EXPECT_EQ(r.exitCode, 0) << command;
        EXPECT_NE(r.out.find(std::string("rgw-cli [--db PATH] ") + command), std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("--help"), std::string::npos);
    }
    r = run(cliPath(), {"--version"}, tmp.path());
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, std::string("rgw-cli ") + RGW_VERSION + "\n");
}

TEST_F(Cli, BadCommandLinesFailWithOneLine) {
    auto r = cli({"frobnicate"});
    expectOneErrorLine(r);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
    expectOneErrorLine(run(cliPath(), {}, tmp.path()));
    expectOneErrorLine(cli({"list", "things"}));
    expectOneErrorLine(cli({"import", "--bogus", tmp.path().string()}));
    expectOneErrorLine(cli({"export-mask", "abc", "--out", (tmp.path() / "m.nii.gz").string()}));
    expectOneErrorLine(cli({"demo", "--out", (tmp.path() / "d").string(), "--patients", "0"}));
}

TEST_F(Cli, MissingInputsAndUnknownIdsFailWithOneLine) {
    auto r = cli({"import", (tmp.path() / "no-such-folder").string()});
    expectOneErrorLine(r);
    EXPECT_NE(r.err.find("no-such-folder"), std::string::npos);

    r = cli({"export-volume", "1.2.3.4.5.6.7", "--out", (tmp.path() / "v.nii.gz").string()});
    expectOneErrorLine(r);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("1.2.3.4.5.6.7"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "v.nii.gz"));

    r = cli({"export-mask", "987654", "--out", (tmp.path() / "m.nii.gz").string()});
    expectOneErrorLine(r);
    EXPECT_NE(r.err.find("987654"), std::string::npos) << r.err;

    r = run(cliPath(),
            {"--db", (tmp.path() / "missing-dir" / "x.rgwdb").string(), "list", "series"},
            tmp.path());
    expectOneErrorLine(r);
}

TEST_F(Cli, DefaultDatabaseLivesInTheApplicationDataFolder) {
    const fs::path home = tmp.path() / "xdg";
    const auto r = run(cliPath(), {"list", "patients", "--json"}, tmp.path(),
                       {"XDG_DATA_HOME=" + home.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(parseJson(r.out).isArray());
    bool found = false;
    for (const auto& e : fs::recursive_directory_iterator(home))
        found = found || e.path().filename() == "cohort.rgwdb";
    EXPECT_TRUE(found) << "no cohort.rgwdb under " << home;
}

TEST_F(Cli, ImportListAndExportSts001) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root = rgw::test::stsDicom("STS_001");
    const auto files = rgw::test::regularFiles(root);
    const auto census = rgw::test::censusBySeries(root);
    ASSERT_FALSE(files.empty());

    // import --json
    auto r = cli({"import", root.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonObject report = parseJson(r.out).object();
    ASSERT_FALSE(report.isEmpty()) << r.out;
    EXPECT_EQ(report["files_scanned"].toInt(), static_cast<int>(files.size()));
    EXPECT_EQ(report["instances_added"].toInt(), static_cast<int>(files.size()));
    EXPECT_EQ(report["duplicates"].toInt(), 0);
    EXPECT_TRUE(report["skipped"].isArray());
    EXPECT_EQ(report["skipped"].toArray().size(), 0);
    EXPECT_EQ(report["patients"].toInt(), 1);
    std::set<std::string> studies;
    for (const auto& [uid, c] : census)
        studies.insert(c.studyInstanceUid);
    EXPECT_EQ(report["studies"].toInt(), static_cast<int>(studies.size()));
    EXPECT_EQ(report["series"].toInt(), static_cast<int>(census.size()));

    // A second import only finds duplicates.
    r = cli({"import", root.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(parseJson(r.out).object()["instances_added"].toInt(), 0);
    EXPECT_EQ(parseJson(r.out).object()["duplicates"].toInt(), static_cast<int>(files.size()));

    // list series --json: every series, RTSTRUCTs included, with its instance count.
    r = cli({"list", "series", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonArray series = parseJson(r.out).array();
    ASSERT_EQ(series.size(), static_cast<qsizetype>(census.size()));
    std::string ctSeriesUid;
    std::set<std::string> imageSeries;
    for (const auto& value : series) {
        const QJsonObject s = value.toObject();
        for (const char* key :
             {"series_uid", "study_uid", "patient_id", "modality", "description", "instances"})
            EXPECT_TRUE(s.contains(key)) << key;
        const std::string uid = s["series_uid"].toString().toStdString();
        ASSERT_TRUE(census.count(uid)) << uid;
        EXPECT_EQ(s["modality"].toString().toStdString(), census.at(uid).modality);
        EXPECT_EQ(s["patient_id"].toString().toStdString(), census.at(uid).patientId);
        EXPECT_EQ(s["instances"].toInt(), static_cast<int>(census.at(uid).files.size()));
        EXPECT_FALSE(s["study_uid"].toString().isEmpty());
        if (census.at(uid).modality != "RTSTRUCT")
            imageSeries.insert(uid);
        if (census.at(uid).modality == "CT")
            ctSeriesUid = uid;
    }
    ASSERT_FALSE(ctSeriesUid.empty());

    // list segmentations --json: one GTV_Mass per RTSTRUCT, on an image series.
    r = cli({"list", "segmentations", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonArray segmentations = parseJson(r.out).array();
    EXPECT_EQ(segmentations.size(), static_cast<qsizetype>(census.size() - imageSeries.size()));
    long long ctSegmentation = 0;
    for (const auto& value : segmentations) {
        const QJsonObject s = value.toObject();
        for (const char* key : {"id", "patient_id", "series_uid", "roi_name", "source", "version"})
            EXPECT_TRUE(s.contains(key)) << key;
        EXPECT_TRUE(s["roi_name"].toString().startsWith("GTV_Mass"))
            << s["roi_name"].toString().toStdString();
        EXPECT_EQ(s["source"].toString(), "RTSTRUCT");
        EXPECT_EQ(s["version"].toInt(), 1);
        EXPECT_EQ(s["patient_id"].toString().toStdString(), census.begin()->second.patientId);
        EXPECT_TRUE(imageSeries.count(s["series_uid"].toString().toStdString()));
        if (s["series_uid"].toString().toStdString() == ctSeriesUid)
            ctSegmentation = s["id"].toInteger();
    }
    ASSERT_GT(ctSegmentation, 0);

    // The text forms print a header and one line per row.
    r = cli({"list", "series"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(lineCount(r.out), static_cast<int>(census.size()) + 1);
    EXPECT_EQ(r.out.rfind("PATIENT_ID", 0), 0u);
    r = cli({"list", "patients"});
    EXPECT_EQ(lineCount(r.out), 2);
    r = cli({"list", "studies", "--json"});
    EXPECT_EQ(parseJson(r.out).array().size(), static_cast<qsizetype>(studies.size()));

    // export-volume, read back, against the series loaded from its files.
    const auto ctFiles = census.at(ctSeriesUid).files;
    const auto reference = rgw::dicom::loadSeries(ctFiles);
    const fs::path volumeFile = tmp.path() / "ct.nii.gz";
    r = cli({"export-volume", ctSeriesUid, "--out", volumeFile.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const rgw::Volume exported = rgw::nifti::readVolume(volumeFile);
    EXPECT_TRUE(exported.geometry.sameGrid(reference.volume.geometry, 1e-3));
    ASSERT_EQ(exported.voxels.size(), reference.volume.voxels.size());
    double maxDiff = 0;
    for (std::size_t n = 0; n < exported.voxels.size(); ++n)
        maxDiff = std::max(maxDiff, std::abs(static_cast<double>(exported.voxels[n]) -
                                             reference.volume.voxels[n]));
    EXPECT_LE(maxDiff, 1e-3);

    // export-mask against the RTSTRUCT rasterised on the CT grid.
    fs::path rtFile;
    for (const auto& [uid, c] : census)
        if (c.modality == "RTSTRUCT" &&
            c.files.front().parent_path().parent_path().filename() == "CT")
            rtFile = c.files.front();
    ASSERT_FALSE(rtFile.empty());
    const auto rs = rgw::dicom::readRtStruct(rtFile);
    ASSERT_EQ(rs.rois.size(), 1u);
    const rgw::Mask expected = rgw::dicom::rasterise(rs.rois.front(), reference.volume.geometry);
    const fs::path maskFile = tmp.path() / "mask.nii.gz";
    r = cli({"export-mask", std::to_string(ctSegmentation), "--out", maskFile.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const rgw::Mask mask = rgw::nifti::readMask(maskFile);
    EXPECT_TRUE(mask.geometry.sameGrid(expected.geometry, 1e-3));
    ASSERT_EQ(mask.voxels.size(), expected.voxels.size());
    std::size_t differing = 0, inside = 0;
    for (std::size_t n = 0; n < mask.voxels.size(); ++n) {
        differing += (mask.voxels[n] != 0) != (expected.voxels[n] != 0);
        inside += expected.voxels[n] != 0;
    }
    EXPECT_GT(inside, 100u);
    EXPECT_EQ(differing, 0u);
}

TEST_F(Cli, DemoWithImport) {
    const fs::path out = tmp.path() / "demo";
    auto r = cli({"demo", "--out", out.string(), "--patients", "2", "--seed", "5", "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto census = rgw::test::censusBySeries(out);
    EXPECT_EQ(census.size(), 4u);
    r = cli({"list", "patients", "--json"});
    const QJsonArray patients = parseJson(r.out).array();
    ASSERT_EQ(patients.size(), 2);
    EXPECT_EQ(patients[0].toObject()["patient_id"].toString(), "DEMO-001");
    r = cli({"list", "series", "--json"});
    EXPECT_EQ(parseJson(r.out).array().size(), 4);
    r = cli({"list", "segmentations", "--json"});
    const QJsonArray segmentations = parseJson(r.out).array();
    ASSERT_GE(segmentations.size(), 2);
    for (const auto& s : segmentations)
        EXPECT_EQ(s.toObject()["roi_name"].toString().left(10), "GTV_Lesion");
}

#else
#include <gtest/gtest.h>
TEST(Cli, PosixOnly) {
    GTEST_SKIP() << "process tests use fork/exec";
}
#endif
