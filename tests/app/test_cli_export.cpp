// rgw-cli export-mask --format seg|rtstruct as a user runs it: the STS_001 CT
// ROI is imported, exported as DICOM SEG and RTSTRUCT, the files are imported
// again with 'rgw-cli import', and the new rows (list --json) and their masks
// are checked against the original RTSTRUCT rasterised on the CT grid by the
// core reader (SEG identical, RTSTRUCT Dice >= 0.98).
#ifndef _WIN32

#include "CliTestSupport.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::lineCount;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

struct CliExport : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db() const { return tmp.path() / "cohort.rgwdb"; }
    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp.path());
    }
    QJsonArray segmentations() {
        const auto r = cli({"list", "segmentations", "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).array();
    }
    /// The mask of a stored segmentation, through the CLI's NIfTI export.
    rgw::Mask maskOf(long long id) {
        const fs::path file = tmp.path() / ("mask" + std::to_string(id) + ".nii.gz");
        const auto r =
            cli({"export-mask", "--segmentation", std::to_string(id), "--out", file.string()});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return rgw::nifti::readMask(file);
    }
};

/// One error line naming `needle`, with exit code 2 (bad command line) or 1 (the work failed).
void expectError(const rgw::test::ProcessResult& r, int exitCode, const std::string& needle) {
    EXPECT_EQ(r.exitCode, exitCode) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rgw-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

double dice(const rgw::Mask& a, const rgw::Mask& b) {
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        na += a.voxels[v] != 0;
        nb += b.voxels[v] != 0;
        both += a.voxels[v] != 0 && b.voxels[v] != 0;
    }
    return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

} // namespace

TEST_F(CliExport, SegAndRtStructOfSts001CtRoundTripThroughImport) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path patient = rgw::test::stsDicom("STS_001");
    auto r = cli({"import", (patient / "CT").string(), (patient / "PET").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    // The CT series and the ROIs, found independently of the CLI.
    const auto census = rgw::test::censusBySeries(patient / "CT" / "image");
    ASSERT_EQ(census.size(), 1u);
    const std::string ctSeries = census.begin()->first;
    const auto reference = rgw::dicom::loadSeries(census.begin()->second.files);
    const auto rs = rgw::dicom::readRtStruct(patient / "CT" / "mask" / "RS.dcm");
    ASSERT_EQ(rs.rois.size(), 1u);
    const rgw::Mask expected = rgw::dicom::rasterise(rs.rois.front(), reference.volume.geometry);

    long long ctRoi = 0, petRoi = 0;
    for (const auto& value : segmentations()) {
        const QJsonObject s = value.toObject();
        if (s["series_uid"].toString().toStdString() == ctSeries)
            ctRoi = s["id"].toInteger();
        else
            petRoi = s["id"].toInteger();
    }
    ASSERT_GT(ctRoi, 0);
    ASSERT_GT(petRoi, 0);

    // Bad requests: one line naming the fault, nothing written. Ids the database
    // cannot export fail the work (exit 1, like an unknown series for
    // export-volume); a malformed command line is a usage error (exit 2).
    const fs::path bad = tmp.path() / "bad.dcm";
    expectError(
        cli({"export-mask", "--segmentation", "987654", "--format", "seg", "--out", bad.string()}),
        1, "987654");
    expectError(
        cli({"export-mask", "--segmentation", std::to_string(ctRoi) + "," + std::to_string(petRoi),
             "--format", "rtstruct", "--out", bad.string()}),
        1, "of one series");
    expectError(cli({"export-mask", "--segmentation", std::to_string(ctRoi), "--format", "dicom",
                     "--out", bad.string()}),
                2, "dicom");
    expectError(
        cli({"export-mask", "--segmentation", std::to_string(ctRoi) + ",x", "--out", bad.string()}),
        2, "SEGMENTATION_ID");
    EXPECT_FALSE(fs::exists(bad));

    // Export both DICOM forms into a folder, then import that folder.
    const fs::path exported = tmp.path() / "exported";
    r = cli({"export-mask", "--segmentation", std::to_string(ctRoi), "--format", "seg", "--out",
             (exported / "seg.dcm").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("DICOM SEG"), std::string::npos) << r.out;
    r = cli({"export-mask", "--segmentation", std::to_string(ctRoi), "--format", "rtstruct",
             "--out", (exported / "rs.dcm").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The NIfTI form still works with the positional id and no --format.
    r = cli({"export-mask", std::to_string(ctRoi), "--out", (tmp.path() / "ct.nii.gz").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    r = cli({"import", exported.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonObject report = parseJson(r.out).object();
    EXPECT_EQ(report["instances_added"].toInt(), 2);
    EXPECT_EQ(report["segmentations_added"].toInt(), 2);
    EXPECT_TRUE(report["skipped"].toArray().isEmpty());

    long long segRow = 0, rtRow = 0;
    for (const auto& value : segmentations()) {
        const QJsonObject s = value.toObject();
        const long long id = s["id"].toInteger();
        if (id == ctRoi || id == petRoi)
            continue;
        EXPECT_EQ(s["roi_name"].toString(), "GTV_Mass_CT");
        EXPECT_EQ(s["series_uid"].toString().toStdString(), ctSeries);
        EXPECT_EQ(s["version"].toInt(), 1);
        const QJsonArray colour = s["color"].toArray();
        ASSERT_EQ(colour.size(), 3);
        for (qsizetype c = 0; c < 3; ++c) // ROI Display Color 255\0\0 (SEG: via CIELab, +-1)
            EXPECT_NEAR(colour[c].toInt(), c == 0 ? 255 : 0, 1)
                << s["source"].toString().toStdString();
        (s["source"].toString() == "SEG" ? segRow : rtRow) = id;
    }
    ASSERT_GT(segRow, 0);
    ASSERT_GT(rtRow, 0);

    const rgw::Mask fromSeg = maskOf(segRow);
    ASSERT_TRUE(fromSeg.geometry.sameGrid(expected.geometry, 1e-3));
    EXPECT_TRUE(fromSeg.voxels == expected.voxels) << "SEG round trip changed the mask";
    const double rtDice = dice(maskOf(rtRow), expected);
    std::printf("STS_001 CT GTV_Mass_CT via rgw-cli: SEG identical %s, RTSTRUCT Dice %.6f\n",
                fromSeg.voxels == expected.voxels ? "yes" : "no", rtDice);
    EXPECT_GE(rtDice, 0.98);
}

#else
TEST(CliExport, PosixOnly) {
    GTEST_SKIP() << "process tests use fork/exec";
}
#endif
