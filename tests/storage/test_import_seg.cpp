// The DICOM SEG import path: a synthetic CT series and a two-segment BINARY
// SEG written by DCMTK's dcmseg on its grid, imported as a folder, stored as
// one segmentation row per segment and decoded back voxel for voxel.
#include "../core/DicomSynth.h"
#include "CohortRepositories.h"
#include "ImportService.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"

#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <gtest/gtest.h>
#include <map>
#include <memory>

using namespace rgw::storage;
namespace fs = std::filesystem;

namespace {

constexpr int kRows = 6, kColumns = 8, kSlices = 4;
constexpr double kRowSpacing = 0.7, kColumnSpacing = 0.8, kSliceSpacing = 2.5;
constexpr std::array<double, 3> kOrigin{-5.0, 3.0, 10.0};
const std::string kPatientId = "SYNTH01"; // as written by rgw::test::putCommon
const std::string kFrameOfReference = "1.2.3.4";

struct CtSeries {
    std::string studyUid = rgw::test::newUid();
    std::string seriesUid = rgw::test::newUid();
    std::vector<std::string> sopUids;
};

/// kSlices axial CT slices, slice k at z = origin + k * kSliceSpacing.
CtSeries writeCt(const fs::path& folder) {
    CtSeries ct;
    for (int k = 0; k < kSlices; ++k) {
        rgw::test::SliceSpec s;
        s.studyUid = ct.studyUid;
        s.seriesUid = ct.seriesUid;
        s.sopUid = rgw::test::newUid();
        s.instanceNumber = k + 1;
        s.rows = kRows;
        s.columns = kColumns;
        s.position = {kOrigin[0], kOrigin[1], kOrigin[2] + k * kSliceSpacing};
        s.pixelSpacing = {kRowSpacing, kColumnSpacing};
        s.sliceThickness = kSliceSpacing;
        s.words.resize(static_cast<std::size_t>(kRows * kColumns));
        for (std::size_t p = 0; p < s.words.size(); ++p)
            s.words[p] = static_cast<std::uint16_t>(100 * k + p);
        rgw::test::writeSlice(s, folder / ("ct" + std::to_string(k) + ".dcm"));
        ct.sopUids.push_back(s.sopUid);
    }
    return ct;
}

/// Segment membership of CT voxel (i, j, k): column i, row j, slice k.
bool inside(int segment, int i, int j, int k) {
    return segment == 1 ? (i + 2 * j + 3 * k) % 5 < 2 : (i >= 2 && i <= 5 && j >= 1 && k != 2);
}

/// Writes a BINARY SEG with segments "Tumour" (1) and "Node" (2) on the CT
/// grid, one frame per segment and slice; returns the written masks in
/// voxel order (i fastest, then j, then k) by segment number.
std::map<int, std::vector<std::uint8_t>> writeSeg(const fs::path& file, const CtSeries& ct) {
    IODGeneralEquipmentModule::EquipmentInfo equipment("rgw tests", "1", "synthetic", "0.1");
    ContentIdentificationMacro content("1", "TEST", "synthetic segmentation", "rgw");
    DcmSegmentation* raw = nullptr;
    OFCondition ok =
        DcmSegmentation::createBinarySegmentation(raw, kRows, kColumns, equipment, content);
    EXPECT_TRUE(ok.good()) << ok.text();
    std::unique_ptr<DcmSegmentation> seg(raw);
    seg->setCheckDimensionsOnWrite(OFFalse);
    seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient, rgw::test::newUid().c_str(),
                                           DCM_PlanePositionSequence, "ImagePositionPatient");
    seg->getSegmentationSeriesModule().setSeriesNumber("9");
    seg->getPatient().setPatientID(kPatientId.c_str());
    seg->getPatient().setPatientName("Synthetic^Patient");
    seg->getStudy().setStudyInstanceUID(ct.studyUid.c_str());
    seg->getFrameOfReference().setFrameOfReferenceUID(kFrameOfReference.c_str());

    for (const char* label : {"Tumour", "Node"}) {
        DcmSegment* segment = nullptr;
        ok = DcmSegment::create(
            segment, label,
            CodeSequenceMacro("49755003", "SCT", "Morphologically Altered Structure"),
            CodeSequenceMacro("86049000", "SCT", "Neoplasm, Primary"), DcmSegTypes::SAT_MANUAL, "");
        EXPECT_TRUE(ok.good()) << ok.text();
        Uint16 number = 0;
        EXPECT_TRUE(seg->addSegment(segment, number).good());
    }
    FGPixelMeasures measures;
    measures.setPixelSpacing(
        (rgw::test::ds(kRowSpacing) + "\\" + rgw::test::ds(kColumnSpacing)).c_str());
    measures.setSliceThickness(rgw::test::ds(kSliceSpacing).c_str());
    seg->addForAllFrames(measures);
    std::unique_ptr<FGPlaneOrientationPatient> orientation(
        FGPlaneOrientationPatient::createMinimal("1", "0", "0", "0", "1", "0"));
    seg->addForAllFrames(*orientation);

    std::map<int, std::vector<std::uint8_t>> expected;
    for (int segment = 1; segment <= 2; ++segment) {
        auto& mask = expected[segment];
        mask.assign(static_cast<std::size_t>(kRows * kColumns * kSlices), 0);
        for (int k = 0; k < kSlices; ++k) {
            std::vector<Uint8> pixels(static_cast<std::size_t>(kRows * kColumns));
            for (int j = 0; j < kRows; ++j)
                for (int i = 0; i < kColumns; ++i) {
                    const bool in = inside(segment, i, j, k);
                    pixels[static_cast<std::size_t>(j * kColumns + i)] = in ? 1 : 0;
                    mask[static_cast<std::size_t>((k * kRows + j) * kColumns + i)] = in ? 1 : 0;
                }
            std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
                rgw::test::ds(kOrigin[0]).c_str(), rgw::test::ds(kOrigin[1]).c_str(),
                rgw::test::ds(kOrigin[2] + k * kSliceSpacing).c_str()));
            FGFrameContent frameContent;
            frameContent.setDimensionIndexValues(static_cast<Uint32>(k + 1), 0);
            OFVector<FGBase*> perFrame{position.get(), &frameContent};
            ok = seg->addFrame(pixels.data(), static_cast<Uint16>(segment), perFrame);
            EXPECT_TRUE(ok.good()) << ok.text();
        }
    }
    IODReferences references;
    for (const std::string& sop : ct.sopUids)
        references.add(new IODImageReference(kPatientId.c_str(), ct.studyUid.c_str(),
                                             ct.seriesUid.c_str(), sop.c_str(),
                                             UID_CTImageStorage));
    seg->getCommonInstanceReference().addReferences(references);
    ok = seg->saveFile(file.string().c_str());
    EXPECT_TRUE(ok.good()) << ok.text();
    return expected;
}

std::size_t count(const std::vector<std::uint8_t>& mask) {
    std::size_t n = 0;
    for (auto v : mask)
        n += v;
    return n;
}

} // namespace

TEST(ImportSeg, SegmentsAreStoredAndDecodeToTheWrittenMasks) {
    rgw::test::TempDir dir;
    const fs::path folder = dir.path() / "dicom";
    const CtSeries ct = writeCt(folder / "ct");
    const fs::path segFile = folder / "seg" / "seg.dcm";
    fs::create_directories(segFile.parent_path());
    const auto expected = writeSeg(segFile, ct);
    ASSERT_FALSE(HasFailure());
    ASSERT_GT(count(expected.at(1)), 0u);
    ASSERT_GT(count(expected.at(2)), 0u);
    ASSERT_NE(expected.at(1), expected.at(2));

    Database db(dir.path() / "cohort.db");
    const ImportReport report = importPaths(db, {folder});
    EXPECT_TRUE(report.skipped.empty());
    EXPECT_EQ(report.filesScanned, static_cast<std::size_t>(kSlices + 1));
    EXPECT_EQ(report.instancesAdded, static_cast<std::size_t>(kSlices + 1));
    EXPECT_EQ(report.series, 2u);
    EXPECT_EQ(report.segmentationsAdded, 2u);

    // The SEG's own series: kind Segmentation, modality SEG, one instance.
    std::string segSeriesUid;
    for (const SeriesRow& s : SeriesRepository(db).listAll())
        if (s.seriesInstanceUid != ct.seriesUid)
            segSeriesUid = s.seriesInstanceUid;
    const auto segSeries = SeriesRepository(db).find(segSeriesUid);
    ASSERT_TRUE(segSeries);
    EXPECT_EQ(segSeries->kind, rgw::dicom::ObjectKind::Segmentation);
    EXPECT_EQ(segSeries->modality, "SEG");
    EXPECT_EQ(segSeries->instanceCount, 1);
    const auto ctSeries = SeriesRepository(db).find(ct.seriesUid);
    ASSERT_TRUE(ctSeries);
    EXPECT_EQ(ctSeries->kind, rgw::dicom::ObjectKind::Image);
    EXPECT_EQ(ctSeries->segmentationCount, 2);

    SegmentationRepository segmentations(db);
    const auto rows = segmentations.listAll();
    ASSERT_EQ(rows.size(), 2u);
    const auto segInstance = InstanceRepository(db).listForSeries(segSeries->id);
    ASSERT_EQ(segInstance.size(), 1u);
    const rgw::Geometry ctGrid = loadSeriesVolume(db, ct.seriesUid).volume.geometry;
    ASSERT_EQ(ctGrid.size[0], kColumns);
    ASSERT_EQ(ctGrid.size[1], kRows);
    ASSERT_EQ(ctGrid.size[2], kSlices);
    const std::map<int, std::string> labels{{1, "Tumour"}, {2, "Node"}};
    for (const SegmentationRow& row : rows) {
        SCOPED_TRACE(row.roiName);
        ASSERT_TRUE(labels.count(row.roiNumber)) << row.roiNumber;
        EXPECT_EQ(row.roiName, labels.at(row.roiNumber));
        EXPECT_EQ(row.source, SegmentationSource::Seg);
        EXPECT_EQ(row.referencedSeriesInstanceUid, ct.seriesUid);
        EXPECT_EQ(row.version, 1);
        EXPECT_EQ(row.lineage, row.id);
        EXPECT_FALSE(row.parentId);
        EXPECT_FALSE(row.hasMask); // SEG rows decode their source object
        EXPECT_EQ(row.sourceSopInstanceUid, segInstance[0].sopInstanceUid);
        EXPECT_EQ(fs::path(row.sourceFile), segFile);

        const rgw::Mask mask = loadSegmentationMask(db, row.id);
        EXPECT_TRUE(mask.geometry.sameGrid(ctGrid));
        EXPECT_EQ(mask.voxels, expected.at(row.roiNumber));
    }

    // Re-importing the same folder adds nothing.
    const ImportReport again = importPaths(db, {folder});
    EXPECT_TRUE(again.skipped.empty());
    EXPECT_EQ(again.instancesAdded, 0u);
    EXPECT_EQ(again.duplicates, static_cast<std::size_t>(kSlices + 1));
    EXPECT_EQ(again.changed, 0u);
    EXPECT_EQ(again.segmentationsAdded, 0u);
    EXPECT_EQ(segmentations.listAll().size(), 2u);
    EXPECT_EQ(SeriesRepository(db).listAll().size(), 2u);
    EXPECT_EQ(InstanceRepository(db).count(), kSlices + 1);
}
