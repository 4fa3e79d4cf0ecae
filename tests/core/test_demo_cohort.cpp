// The synthetic demo cohort: DICOM validity (dicom3tools' dciodvfy, an
// independent validator), determinism per seed, and RTSTRUCT contours that
// rasterise back to each lesion's true voxel set.
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "demo/DemoPhantom.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Error.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kSeed = 20240611;

struct CohortFixture : ::testing::Test {
    static void SetUpTestSuite() {
        dir = new rgw::test::TempDir();
        summary = rgw::demo::writeCohort({dir->path(), 2, kSeed});
    }
    static void TearDownTestSuite() {
        delete dir;
        dir = nullptr;
    }
    static inline rgw::test::TempDir* dir = nullptr;
    static inline rgw::demo::DemoSummary summary;
};

std::vector<fs::path> filesUnder(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs dciodvfy on a file and returns the lines that start with "Error".
std::vector<std::string> dciodvfyErrors(const fs::path& file) {
    const std::string command = "dciodvfy \"" + file.string() + "\" 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::vector<std::string> errors;
    if (!pipe)
        return {"Error: cannot run dciodvfy"};
    std::array<char, 4096> line{};
    while (fgets(line.data(), static_cast<int>(line.size()), pipe.get()))
        if (std::string(line.data()).rfind("Error", 0) == 0)
            errors.emplace_back(line.data());
    return errors;
}

bool haveDciodvfy() {
    return std::system("command -v dciodvfy >/dev/null 2>&1") == 0;
}

} // namespace

TEST_F(CohortFixture, WritesTheDeclaredLayout) {
    ASSERT_EQ(summary.patients.size(), 2u);
    EXPECT_EQ(summary.patients[0].patientId, "DEMO-001");
    EXPECT_EQ(summary.patients[1].patientId, "DEMO-002");
    EXPECT_EQ(summary.filesWritten, filesUnder(dir->path()).size());
    for (const auto& p : summary.patients) {
        EXPECT_GE(p.roiNames.size(), 1u);
        EXPECT_LE(p.roiNames.size(), 3u);
        EXPECT_EQ(p.roiNames.front(), "GTV_Lesion1");
    }
    EXPECT_NE(summary.patients[0].studyInstanceUid, summary.patients[1].studyInstanceUid);
}

TEST_F(CohortFixture, EveryObjectIsValidPerDciodvfy) {
    if (!haveDciodvfy())
        GTEST_SKIP() << "dciodvfy (dicom3tools) not installed: validation skipped";
    int checked = 0;
    for (const auto& p : summary.patients) {
        const fs::path folder = dir->path() / p.patientId;
        std::vector<fs::path> targets = filesUnder(folder / "CT");
        ASSERT_FALSE(targets.empty());
        // Sample the first, middle and last slices, then the structure set.
        targets = {targets.front(), targets[targets.size() / 2], targets.back(),
                   folder / "RTSTRUCT" / "RS.dcm"};
        for (const auto& file : targets) {
            const auto errors = dciodvfyErrors(file);
            EXPECT_TRUE(errors.empty()) << file << ":\n" << (errors.empty() ? "" : errors.front());
            ++checked;
        }
    }
    EXPECT_EQ(checked, 8);
}

TEST_F(CohortFixture, SameSeedGivesIdenticalFilesAndOtherSeedDiffers) {
    rgw::test::TempDir again;
    rgw::demo::writeCohort({again.path(), 2, kSeed});
    const auto first = filesUnder(dir->path());
    const auto second = filesUnder(again.path());
    ASSERT_EQ(first.size(), second.size());
    for (std::size_t n = 0; n < first.size(); ++n) {
        ASSERT_EQ(fs::relative(first[n], dir->path()), fs::relative(second[n], again.path()));
        EXPECT_EQ(readBytes(first[n]), readBytes(second[n])) << first[n];
    }

    rgw::test::TempDir other;
    const auto otherSummary = rgw::demo::writeCohort({other.path(), 1, kSeed + 1});
    EXPECT_NE(otherSummary.patients[0].studyInstanceUid, summary.patients[0].studyInstanceUid);
    EXPECT_NE(readBytes(other.path() / "DEMO-001" / "CT" / "CT_024.dcm"),
              readBytes(dir->path() / "DEMO-001" / "CT" / "CT_024.dcm"));
}

TEST_F(CohortFixture, CtLoadsWithTheTrueGeometryAndHounsfieldUnits) {
    for (std::size_t p = 0; p < summary.patients.size(); ++p) {
        const auto truth = rgw::demo::makePatientPhantom(kSeed, static_cast<int>(p + 1));
        const auto loaded =
            rgw::dicom::loadSeries(filesUnder(dir->path() / summary.patients[p].patientId / "CT"));
        EXPECT_EQ(loaded.seriesInstanceUid, summary.patients[p].ctSeriesInstanceUid);
        EXPECT_TRUE(loaded.volume.geometry.sameGrid(truth.ctHu.geometry, 1e-3));
        ASSERT_EQ(loaded.volume.voxels.size(), truth.ctHu.voxels.size());
        for (std::size_t n = 0; n < truth.ctHu.voxels.size(); ++n)
            ASSERT_EQ(loaded.volume.voxels[n], static_cast<float>(truth.ctHu.voxels[n])) << n;
        EXPECT_EQ(loaded.volume.unit, rgw::IntensityUnit::HounsfieldUnit);
    }
}

TEST_F(CohortFixture, ContoursRasteriseToTheTrueLesions) {
    for (std::size_t p = 0; p < summary.patients.size(); ++p) {
        const auto truth = rgw::demo::makePatientPhantom(kSeed, static_cast<int>(p + 1));
        const auto rs = rgw::dicom::readRtStruct(dir->path() / summary.patients[p].patientId /
                                                 "RTSTRUCT" / "RS.dcm");
        EXPECT_EQ(rs.referencedSeriesInstanceUid, summary.patients[p].ctSeriesInstanceUid);
        ASSERT_EQ(rs.rois.size(), truth.lesions.size());
        for (std::size_t l = 0; l < truth.lesions.size(); ++l) {
            const auto& lesion = truth.lesions[l];
            EXPECT_EQ(rs.rois[l].roiName, lesion.roiName);
            EXPECT_EQ(rs.rois[l].displayColor, lesion.displayColor);
            const rgw::Mask mask = rgw::dicom::rasterise(rs.rois[l], truth.ctHu.geometry);
            std::size_t both = 0, a = 0, b = 0;
            for (std::size_t n = 0; n < mask.voxels.size(); ++n) {
                a += mask.voxels[n] != 0;
                b += lesion.mask.voxels[n] != 0;
                both += mask.voxels[n] != 0 && lesion.mask.voxels[n] != 0;
            }
            ASSERT_GT(b, 50u) << lesion.roiName;
            const double dice = 2.0 * static_cast<double>(both) / static_cast<double>(a + b);
            EXPECT_GE(dice, 0.95) << summary.patients[p].patientId << " " << lesion.roiName << " ("
                                  << lesion.description << ")";
            RecordProperty(summary.patients[p].patientId + "_" + lesion.roiName + "_dice",
                           std::to_string(dice));
        }
    }
}

TEST(DemoCohort, RejectsBadOptions) {
    rgw::test::TempDir dir;
    EXPECT_THROW(rgw::demo::writeCohort({dir.path(), 0, 1}), rgw::Error);
    EXPECT_THROW(rgw::demo::writeCohort({fs::path(), 1, 1}), rgw::Error);
}

TEST(DemoCohort, CancelStopsBetweenPatients) {
    rgw::test::TempDir dir;
    rgw::CancelToken cancel;
    const auto summary = rgw::demo::writeCohort(
        {dir.path(), 3, 7},
        [&](std::size_t done, std::size_t, const std::string&) {
            if (done == 1)
                cancel.cancel();
        },
        &cancel);
    EXPECT_EQ(summary.patients.size(), 2u); // the patient in progress completes
}
