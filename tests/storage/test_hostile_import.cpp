// Hostile DICOM folders at the storage level (issue #10): an image without
// pixels is skipped by import with its reason, and an unreadable slice makes
// `extract --image FOLDER` name that file instead of a "gap" between its
// neighbours (or a silently shorter volume when it was the first or last).

#include "../core/DicomSynth.h"
#include "Database.h"
#include "ExtractionInputs.h"
#include "ImportService.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "util/Error.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using rgw::test::TempDir;

/// Five 6 × 8 CT slices 2.5 mm apart.
std::vector<fs::path> writeCt(const fs::path& folder) {
    const std::string study = rgw::test::newUid(), series = rgw::test::newUid();
    std::vector<fs::path> files;
    for (int k = 0; k < 5; ++k) {
        rgw::test::SliceSpec s;
        s.studyUid = study;
        s.seriesUid = series;
        s.instanceNumber = k + 1;
        s.position = {0, 0, 2.5 * k};
        s.words.assign(48, static_cast<std::uint16_t>(100 + k));
        files.push_back(folder / ("slice" + std::to_string(k) + ".dcm"));
        rgw::test::writeSlice(s, files.back());
    }
    return files;
}

void truncate(const fs::path& file) {
    fs::resize_file(file, fs::file_size(file) - 40);
}

std::string extractError(const fs::path& folder) {
    try {
        rgw::storage::resolveImage(nullptr, folder.string());
    } catch (const rgw::Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
}

TEST(HostileImport, AnUnreadableSliceIsNamedNotReportedAsAGap) {
    TempDir dir;
    for (const int broken : {2, 0, 4}) { // a middle slice, then the first and the last
        const fs::path folder = dir.path() / std::to_string(broken);
        const auto files = writeCt(folder);
        truncate(files[static_cast<std::size_t>(broken)]);
        const std::string e = extractError(folder);
        EXPECT_NE(e.find(files[static_cast<std::size_t>(broken)].string() + " (truncated)"),
                  std::string::npos)
            << e;
        EXPECT_EQ(e.find("gap"), std::string::npos) << e;
    }
    // Files that are not DICOM at all (notes next to the slices) do not matter.
    const fs::path fine = dir.path() / "fine";
    writeCt(fine);
    std::ofstream(fine / "README.txt") << "scanned 2024\n";
    EXPECT_EQ(rgw::storage::resolveImage(nullptr, fine.string()).volume.geometry.size[2], 5);
}

TEST(HostileImport, ImportSkipsAnImageWithoutPixelsWithItsReason) {
    TempDir dir;
    const auto files = writeCt(dir.path() / "ct");
    rgw::test::SliceSpec empty;
    empty.studyUid = rgw::test::newUid();
    empty.seriesUid = rgw::test::newUid();
    empty.words.assign(48, 0);
    auto ff = rgw::test::makeSlice(empty);
    ff->getDataset()->putAndInsertUint16(DCM_Rows, 0);
    const fs::path emptyFile = dir.path() / "ct" / "empty.dcm";
    rgw::test::save(*ff, emptyFile);

    rgw::storage::Database db(dir.path() / "cohort.db");
    const auto report = rgw::storage::importPaths(db, {dir.path() / "ct"});
    EXPECT_EQ(report.instancesAdded, 5u);
    EXPECT_EQ(report.series, 1u);
    ASSERT_EQ(report.skipped.size(), 1u);
    EXPECT_EQ(report.skipped[0].file, emptyFile);
    EXPECT_EQ(report.skipped[0].reason,
              "image without pixels (Rows (0028,0010) 0, Columns (0028,0011) 8)");
}

} // namespace

// Issue #10: RTSTRUCT contours of 1 or 2 points enclose nothing; they used to
// be dropped without a word. The import stores the ROI and says which contour
// it left out, in the report and its JSON.
TEST(HostileImport, DegenerateRtStructContoursAreReportedAsSkipped) {
    TempDir dir;
    rgw::demo::DemoOptions options;
    options.outputFolder = dir.path() / "demo";
    options.patients = 1;
    const auto summary = rgw::demo::writeCohort(options);
    fs::path rtStruct;
    for (const auto& entry : fs::recursive_directory_iterator(options.outputFolder)) {
        DcmFileFormat ff;
        if (entry.is_regular_file() && ff.loadFile(entry.path().string().c_str()).good()) {
            OFString modality;
            ff.getDataset()->findAndGetOFString(DCM_Modality, modality);
            if (modality == "RTSTRUCT")
                rtStruct = entry.path();
        }
    }
    ASSERT_FALSE(rtStruct.empty());
    {
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(rtStruct.string().c_str()).good());
        DcmItem* roiContour = nullptr;
        ASSERT_TRUE(
            ff.getDataset()->findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, 0).good());
        DcmSequenceOfItems* contours = nullptr;
        ASSERT_TRUE(roiContour->findAndGetSequence(DCM_ContourSequence, contours).good());
        auto* line = new DcmItem;
        line->putAndInsertString(DCM_ContourGeometricType, "CLOSED_PLANAR");
        line->putAndInsertString(DCM_NumberOfContourPoints, "2");
        line->putAndInsertString(DCM_ContourData, "0\\0\\0\\10\\10\\0");
        contours->append(line);
        ASSERT_TRUE(ff.saveFile(rtStruct.string().c_str(), EXS_LittleEndianExplicit).good());
    }
    rgw::storage::Database db(dir.path() / "cohort.db");
    // The patient's DICOM folder (the demo's genomics/ study folder holds no DICOM).
    const auto report =
        rgw::storage::importPaths(db, {options.outputFolder / summary.patients.front().patientId});
    EXPECT_TRUE(report.skipped.empty());
    EXPECT_EQ(report.segmentationsAdded, summary.patients.front().roiNames.size());
    ASSERT_EQ(report.notes.size(), 1u);
    EXPECT_EQ(report.notes[0].file, rtStruct);
    const std::string& message = report.notes[0].message;
    EXPECT_NE(message.find("ROI 1 '" + summary.patients.front().roiNames.front() + "'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(": 2 points, fewer than the 3 a closed planar contour needs"),
              std::string::npos)
        << message;
}
