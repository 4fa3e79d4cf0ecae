// ImportService and SeriesAccess on shared STS data and synthetic DICOM.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "GenomicsImport.h"
#include "ImportRunRepository.h"
#include "ImportService.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "image/LabelMap.h"
#include "io/dicom/RtStruct.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <algorithm>
#include <dcmtk/dcmdata/dctk.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>

using namespace rgw::storage;
namespace fs = std::filesystem;

namespace {

fs::path stsDicom() {
    return rgw::test::ibsiDataSets() / "ibsi_validation" / "dicom";
}

/// Writes one 4x3 CT slice (CT Image Storage) at z = k * 2.5 mm.
void writeCtSlice(const fs::path& file, const std::string& series, int k,
                  const std::string& description = "synthetic CT") {
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    const std::string sop = series + "." + std::to_string(k + 1);
    ds.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
    ds.putAndInsertString(DCM_PatientID, "SYN1");
    ds.putAndInsertString(DCM_PatientName, "Synthetic^One");
    ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1");
    ds.putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
    ds.putAndInsertString(DCM_Modality, "CT");
    ds.putAndInsertString(DCM_SeriesDescription, description.c_str());
    ds.putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.10.9");
    ds.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
    ds.putAndInsertString(DCM_ImagePositionPatient,
                          ("-2\\-1.5\\" + std::to_string(2.5 * k)).c_str());
    ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    ds.putAndInsertString(DCM_PixelSpacing, "1\\1");
    ds.putAndInsertString(DCM_SliceThickness, "2.5");
    ds.putAndInsertUint16(DCM_Rows, 3);
    ds.putAndInsertUint16(DCM_Columns, 4);
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds.putAndInsertUint16(DCM_BitsAllocated, 16);
    ds.putAndInsertUint16(DCM_BitsStored, 16);
    ds.putAndInsertUint16(DCM_HighBit, 15);
    ds.putAndInsertUint16(DCM_PixelRepresentation, 1);
    ds.putAndInsertString(DCM_RescaleIntercept, "-1024");
    ds.putAndInsertString(DCM_RescaleSlope, "1");
    std::vector<Uint16> pixels(12);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = static_cast<Uint16>(1000 + 10 * i + static_cast<std::size_t>(k));
    ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), 12);
    ASSERT_TRUE(ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit).good()) << file;
}

const std::string kSynSeries = "1.2.826.0.1.3680043.10.2";

/// Three synthetic CT slices in `folder`.
void writeSyntheticSeries(const fs::path& folder) {
    fs::create_directories(folder);
    for (int k = 0; k < 3; ++k)
        writeCtSlice(folder / ("ct" + std::to_string(k) + ".dcm"), kSynSeries, k);
}

std::int64_t count(Database& db, const std::string& table) {
    Statement s(db, "SELECT COUNT(*) FROM " + table);
    s.step();
    return s.int64(0);
}

} // namespace

TEST(Import, StsPatientFolder) {
    RGW_REQUIRE_TEST_DATA();
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    const fs::path folder = stsDicom() / "STS_001";
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        files += entry.is_regular_file();

    const ImportReport report = importPaths(db, {folder});
    EXPECT_EQ(report.filesScanned, files);
    EXPECT_EQ(report.instancesAdded, files);
    EXPECT_TRUE(report.skipped.empty());
    EXPECT_EQ(report.duplicates, 0u);
    EXPECT_EQ(report.patients, 1u);
    EXPECT_EQ(report.series, 6u); // CT, PET, MR_T1 images and an RTSTRUCT for each
    EXPECT_EQ(report.segmentationsAdded, 3u);
    EXPECT_FALSE(report.cancelled);

    const auto patients = PatientRepository(db).list();
    ASSERT_EQ(patients.size(), 1u);
    EXPECT_EQ(patients[0].patientId, "STS_001");

    // Per image folder: its series holds every file, and the RTSTRUCT of the
    // folder has one segmentation GTV_Mass referencing that image series.
    SeriesRepository seriesRepo(db);
    SegmentationRepository segs(db);
    // Folder -> DICOM Modality; the ROI names are GTV_Mass_<folder> (read with dcmdump).
    const std::map<std::string, std::string> modalities{
        {"CT", "CT"}, {"PET", "PT"}, {"MR_T1", "MR"}};
    for (const auto& [modality, dicomModality] : modalities) {
        SCOPED_TRACE(modality);
        std::size_t images = 0;
        for (const auto& entry : fs::directory_iterator(folder / modality / "image"))
            images += entry.is_regular_file();
        const auto first = *fs::directory_iterator(folder / modality / "image");
        const auto instance = InstanceRepository(db).find(
            rgw::dicom::readInstanceHeader(first.path()).sopInstanceUid);
        ASSERT_TRUE(instance);
        const auto image = seriesRepo.findById(instance->seriesRowId);
        ASSERT_TRUE(image);
        EXPECT_EQ(image->kind, rgw::dicom::ObjectKind::Image);
        EXPECT_EQ(image->instanceCount, static_cast<int>(images));
        EXPECT_EQ(image->segmentationCount, 1);
        EXPECT_EQ(image->modality, dicomModality);

        const auto rsHeader = rgw::dicom::readInstanceHeader(folder / modality / "mask" / "RS.dcm");
        const auto rows = segs.listForSeries(image->seriesInstanceUid);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].roiName, "GTV_Mass_" + modality);
        EXPECT_EQ(rows[0].source, SegmentationSource::RtStruct);
        EXPECT_EQ(rows[0].sourceSopInstanceUid, rsHeader.sopInstanceUid);
        EXPECT_EQ(rows[0].patientRowId, patients[0].id);
        EXPECT_EQ(rows[0].version, 1);
        EXPECT_FALSE(rows[0].hasMask);
        const auto rtSeries = seriesRepo.find(rsHeader.seriesInstanceUid);
        ASSERT_TRUE(rtSeries);
        EXPECT_EQ(rtSeries->kind, rgw::dicom::ObjectKind::RtStruct);
    }

    const auto run = ImportRunRepository(db).find(report.importRunId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, ImportStatus::Completed);
    EXPECT_EQ(run->instancesAdded, static_cast<std::int64_t>(files));
    EXPECT_FALSE(run->finishedAt.empty());
    bool seriesAudited = false;
    for (const auto& entry : AuditLog(db).list())
        seriesAudited |= entry.action == "import.series";
    EXPECT_TRUE(seriesAudited);
    EXPECT_EQ(db.integrityCheck(), "ok");

    // Re-import adds nothing.
    const ImportReport again = importPaths(db, {folder});
    EXPECT_EQ(again.instancesAdded, 0u);
    EXPECT_EQ(again.duplicates, files);
    EXPECT_EQ(again.changed, 0u);
    EXPECT_EQ(again.segmentationsAdded, 0u);
    EXPECT_EQ(count(db, "instances"), static_cast<std::int64_t>(files));
    EXPECT_EQ(count(db, "series"), 6);
    EXPECT_EQ(count(db, "segmentations"), 3);
    EXPECT_EQ(ImportRunRepository(db).list().size(), 2u);
}

TEST(Import, APatientIdStoredAsAnAliasJoinsThatPatient) {
    // A genomic study created TCGA-A1-0001 before any image and mapped the
    // hospital's Patient ID SYN1 to it; the DICOM series of SYN1 go there.
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    rgw::genomics::GenomicDataSet study;
    study.studyId = "brca";
    study.patients = {"TCGA-A1-0001"};
    GenomicsImportOptions options;
    options.aliases = {{"SYN1", "TCGA-A1-0001", "hospital number"}};
    ASSERT_TRUE(importGenomicData(db, study, options).imported);
    ASSERT_EQ(PatientRepository(db).find("TCGA-A1-0001")->studyCount, 0);

    writeSyntheticSeries(dir.path() / "dicom");
    const ImportReport report = importPaths(db, {dir.path() / "dicom"});
    EXPECT_EQ(report.instancesAdded, 3u);
    const auto patients = PatientRepository(db).list();
    ASSERT_EQ(patients.size(), 1u);
    EXPECT_EQ(patients[0].patientId, "TCGA-A1-0001");
    EXPECT_EQ(patients[0].patientName, "Synthetic^One");
    EXPECT_EQ(patients[0].studyCount, 1);
    ASSERT_EQ(SeriesRepository(db).listForPatient(patients[0].id).size(), 1u);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Import, RtStructMaskIsRasterisedOnItsReferencedSeries) {
    RGW_REQUIRE_TEST_DATA();
    rgw::test::TempDir dir;
    Database db(dir.path() / "cohort.db");
    const fs::path ct = stsDicom() / "STS_001" / "CT";
    importPaths(db, {ct});
    const auto rows = SegmentationRepository(db).listAll();
    ASSERT_EQ(rows.size(), 1u);
    const rgw::Mask mask = loadSegmentationMask(db, rows[0].id);
    const auto loaded = loadSeriesVolume(db, rows[0].referencedSeriesInstanceUid);
    EXPECT_TRUE(mask.geometry.sameGrid(loaded.volume.geometry));
    // Independent of our code path: the same ROI rasterised straight from the file.
    const auto set = rgw::dicom::readRtStruct(ct / "mask" / "RS.dcm");
    ASSERT_EQ(set.rois.size(), 1u);
    const rgw::Mask direct = rgw::dicom::rasterise(set.rois[0], loaded.volume.geometry);
    EXPECT_EQ(mask.voxels, direct.voxels);
    EXPECT_GT(std::count(mask.voxels.begin(), mask.voxels.end(), 1), 0);
}

TEST(Import, NiftiMaskOnTheSeriesGridIsStoredAndOtherGridsRefused) {
    rgw::test::TempDir dir;
    writeSyntheticSeries(dir.path() / "dicom");
    Database db(dir.path() / "cohort.db");
    importPaths(db, {dir.path() / "dicom"});
    const auto volume = loadSeriesVolume(db, kSynSeries).volume;
    ASSERT_EQ(volume.geometry.size, (std::array<std::int64_t, 3>{4, 3, 3}));

    rgw::Mask mask(volume.geometry);
    mask.at(1, 1, 1) = 1;
    mask.at(2, 1, 1) = 1;
    mask.at(3, 2, 2) = 1;
    rgw::nifti::writeMask(mask, dir.path() / "mask.nii.gz");
    const auto ids = importNiftiSegmentations(db, kSynSeries, "lesion", dir.path() / "mask.nii.gz");
    ASSERT_EQ(ids.size(), 1u);
    const Id id = ids.front();
    const auto row = SegmentationRepository(db).find(id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->source, SegmentationSource::Nifti);
    EXPECT_EQ(row->roiName, "lesion");
    EXPECT_TRUE(row->hasMask);
    EXPECT_EQ(row->referencedSeriesInstanceUid, kSynSeries);
    EXPECT_EQ(loadSegmentationMask(db, id).voxels, mask.voxels);
    EXPECT_EQ(loadSegmentationMask(db, id, volume.geometry).voxels, mask.voxels);

    rgw::Geometry other = volume.geometry;
    other.size[2] = 2;
    rgw::nifti::writeMask(rgw::Mask(other), dir.path() / "small.nii.gz");
    try {
        importNiftiSegmentations(db, kSynSeries, "wrong", dir.path() / "small.nii.gz");
        FAIL() << "a mask off the series grid was imported";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("small.nii.gz"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("grid"), std::string::npos) << e.what();
    }
    EXPECT_THROW(importNiftiSegmentations(db, "9.9.9", "x", dir.path() / "mask.nii.gz"),
                 rgw::Error);
    EXPECT_EQ(SegmentationRepository(db).listAll().size(), 1u);
}

TEST(Import, NiftiLabelMapGivesOneSegmentationPerLabel) {
    rgw::test::TempDir dir;
    writeSyntheticSeries(dir.path() / "dicom");
    Database db(dir.path() / "cohort.db");
    importPaths(db, {dir.path() / "dicom"});
    const auto grid = loadSeriesVolume(db, kSynSeries).volume.geometry;

    rgw::LabelMap labels(grid);
    labels.at(0, 0, 0) = 2;
    labels.at(1, 0, 0) = 2;
    labels.at(3, 2, 2) = 7;
    rgw::nifti::writeVolume(
        [&] {
            rgw::Volume v(grid);
            std::transform(labels.voxels.begin(), labels.voxels.end(), v.voxels.begin(),
                           [](std::uint16_t x) { return static_cast<float>(x); });
            return v;
        }(),
        dir.path() / "labels.nii.gz");

    const auto ids =
        importNiftiSegmentations(db, kSynSeries, "lesions", dir.path() / "labels.nii.gz");
    ASSERT_EQ(ids.size(), 2u);
    SegmentationRepository repo(db);
    const auto first = repo.find(ids[0]);
    const auto second = repo.find(ids[1]);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->roiName, "lesions label 2");
    EXPECT_EQ(first->roiNumber, 2);
    EXPECT_EQ(second->roiName, "lesions label 7");
    EXPECT_EQ(second->roiNumber, 7);
    EXPECT_NE(first->color, second->color);
    EXPECT_EQ(loadSegmentationMask(db, ids[0]).voxels, rgw::maskOfLabel(labels, 2).voxels);
    EXPECT_EQ(loadSegmentationMask(db, ids[1]).voxels, rgw::maskOfLabel(labels, 7).voxels);

    // --label picks one value and keeps the given name; an absent value names the file.
    const auto picked =
        importNiftiSegmentations(db, kSynSeries, "hot spot", dir.path() / "labels.nii.gz", 7);
    ASSERT_EQ(picked.size(), 1u);
    EXPECT_EQ(repo.find(picked[0])->roiName, "hot spot");
    try {
        importNiftiSegmentations(db, kSynSeries, "none", dir.path() / "labels.nii.gz", 3);
        FAIL() << "an absent label was imported";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("labels.nii.gz"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("label 3"), std::string::npos) << e.what();
    }
    EXPECT_EQ(repo.listAll().size(), 3u);
}

TEST(Import, ChangedFilesAreReportedAndUpdated) {
    rgw::test::TempDir dir;
    const fs::path folder = dir.path() / "dicom";
    writeSyntheticSeries(folder);
    Database db(dir.path() / "cohort.db");
    const ImportReport first = importPaths(db, {folder});
    EXPECT_EQ(first.instancesAdded, 3u);

    // ct0: rewritten with a longer description (size changes);
    // ct1: same bytes, modification time moved (touch).
    writeCtSlice(folder / "ct0.dcm", kSynSeries, 0, "synthetic CT, re-exported with a note");
    const auto ct1 = folder / "ct1.dcm";
    fs::last_write_time(ct1, fs::last_write_time(ct1) + std::chrono::hours(1));

    const ImportReport second = importPaths(db, {folder});
    EXPECT_EQ(second.instancesAdded, 0u);
    EXPECT_EQ(second.changed, 2u);
    EXPECT_EQ(second.duplicates, 1u);
    std::vector<fs::path> changed = second.changedFiles;
    std::sort(changed.begin(), changed.end());
    EXPECT_EQ(changed, (std::vector<fs::path>{folder / "ct0.dcm", ct1}));

    const auto row = InstanceRepository(db).find(kSynSeries + ".1");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->fileSize, fs::file_size(folder / "ct0.dcm"));
    EXPECT_EQ(count(db, "instances"), 3);
    const auto run = ImportRunRepository(db).find(second.importRunId);
    EXPECT_EQ(run->changed, 2);
    EXPECT_NE(run->report.find("ct0.dcm"), std::string::npos) << run->report;

    const ImportReport third = importPaths(db, {folder});
    EXPECT_EQ(third.changed, 0u);
    EXPECT_EQ(third.duplicates, 3u);
}

TEST(Import, BadFilesAreSkippedWithReasonsAndTheRestImported) {
    rgw::test::TempDir dir;
    const fs::path folder = dir.path() / "dicom";
    writeSyntheticSeries(folder);
    std::ofstream(folder / "notes.txt") << "not an image";
    {
        // A DICOM file cut short in the middle of its data set.
        std::ifstream in(folder / "ct2.dcm", std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(folder / "truncated.dcm", std::ios::binary)
            .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    }
    Database db(dir.path() / "cohort.db");
    const ImportReport report = importPaths(db, {folder});
    EXPECT_EQ(report.filesScanned, 5u);
    EXPECT_EQ(report.instancesAdded, 3u);
    ASSERT_EQ(report.skipped.size(), 2u);
    std::map<fs::path, std::string> reasons;
    for (const auto& s : report.skipped)
        reasons[s.file] = s.reason;
    EXPECT_TRUE(reasons.count(folder / "notes.txt"));
    EXPECT_TRUE(reasons.count(folder / "truncated.dcm"));
    for (const auto& [file, reason] : reasons)
        EXPECT_FALSE(reason.empty()) << file;
    const auto run = ImportRunRepository(db).find(report.importRunId);
    EXPECT_EQ(run->skipped, 2);
    EXPECT_NE(run->report.find("notes.txt"), std::string::npos) << run->report;
    EXPECT_EQ(count(db, "instances"), 3);
}

TEST(Import, CancellingLeavesOnlyWholeSeries) {
    RGW_REQUIRE_TEST_DATA();
    rgw::test::TempDir dir;
    const std::vector<fs::path> roots{stsDicom() / "STS_001", stsDicom() / "STS_002"};

    // Reference: the full import, for the instance count of every series.
    std::map<std::string, int> full;
    {
        Database reference(dir.path() / "full.db");
        importPaths(reference, roots);
        for (const auto& s : SeriesRepository(reference).listAll())
            full[s.seriesInstanceUid] = s.instanceCount;
    }
    ASSERT_EQ(full.size(), 12u);

    Database db(dir.path() / "cancelled.db");
    rgw::CancelToken cancel;
    std::size_t seriesStarted = 0;
    const auto progress = [&](std::size_t, std::size_t, const std::string& what) {
        if (what.rfind("series ", 0) == 0 && ++seriesStarted == 5)
            cancel.cancel(); // while the fifth series is about to be written
    };
    const ImportReport report = importPaths(db, roots, progress, &cancel);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(report.series, 4u);
    const auto stored = SeriesRepository(db).listAll();
    EXPECT_EQ(stored.size(), 4u);
    for (const auto& s : stored)
        EXPECT_EQ(s.instanceCount, full.at(s.seriesInstanceUid)) << s.seriesInstanceUid;
    EXPECT_EQ(db.integrityCheck(), "ok");
    EXPECT_EQ(ImportRunRepository(db).find(report.importRunId)->status, ImportStatus::Cancelled);

    // Resuming completes the rest.
    const ImportReport resumed = importPaths(db, roots);
    EXPECT_FALSE(resumed.cancelled);
    EXPECT_EQ(SeriesRepository(db).listAll().size(), 12u);
    EXPECT_EQ(count(db, "segmentations"), 6);

    // Cancelled during the scan: nothing written at all.
    Database early(dir.path() / "early.db");
    rgw::CancelToken now;
    now.cancel();
    const ImportReport none = importPaths(early, roots, {}, &now);
    EXPECT_TRUE(none.cancelled);
    EXPECT_EQ(count(early, "instances"), 0);
    EXPECT_EQ(early.integrityCheck(), "ok");
}

TEST(Import, FullValidationFolderThroughput) {
    RGW_REQUIRE_TEST_DATA();
    rgw::test::TempDir dir;
    const fs::path folder = stsDicom();
    rgw::dicom::scan({folder}); // warm the file cache; not timed
    Database db(dir.path() / "cohort.db");
    const ImportReport report = importPaths(db, {folder});
    EXPECT_EQ(report.filesScanned, 1923u);
    EXPECT_EQ(report.instancesAdded + report.duplicates, 1923u);
    EXPECT_TRUE(report.skipped.empty());
    EXPECT_EQ(report.patients, 10u);
    EXPECT_EQ(report.series, 60u);
    EXPECT_EQ(report.segmentationsAdded, 30u);
    EXPECT_EQ(db.integrityCheck(), "ok");
    std::cout << "[ throughput ] imported " << report.filesScanned << " files in " << report.seconds
              << " s = " << report.filesScanned / report.seconds << " files/s (warm cache)\n";
}
