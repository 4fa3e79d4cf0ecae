// Header scanning: good files read, bad files skipped with their reason,
// bare datasets without preamble read, DICOMDIR followed, cancel/progress;
// then the shared STS folder counted per modality and timed.

#include "DicomSynth.h"
#include "TestData.h"
#include "io/dicom/DicomScanner.h"
#include "util/Error.h"

#include <chrono>
#include <dcmtk/dcmdata/dcddirif.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>

using namespace rgw;
using namespace rgw::test;
namespace fs = std::filesystem;

namespace {

SliceSpec slice(const std::string& series, int instance, double z) {
    SliceSpec s;
    s.studyUid = "1.2.826.0.1.3680043.9.7.1";
    s.seriesUid = series;
    s.sopUid = newUid();
    s.instanceNumber = instance;
    s.position = {-10, -20, z};
    s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 7);
    return s;
}

void writeBytes(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

std::map<std::string, std::string> reasons(const dicom::ScanResult& r) {
    std::map<std::string, std::string> m;
    for (const auto& s : r.skipped)
        m[s.file.filename().string()] = s.reason;
    return m;
}

} // namespace

TEST(DicomScanner, ReadsGoodFilesAndSkipsBadOnesWithTheirReason) {
    TempDir dir;
    const fs::path root = dir.path();
    const std::string series = newUid();
    const SliceSpec a = slice(series, 1, 0), b = slice(series, 2, 2.5);
    writeSlice(a, root / "p1" / "a.dcm");
    writeSlice(b, root / "p1" / "deeper" / "b.dcm");

    // A bare dataset (no preamble, no meta header), implicit VR little endian.
    const SliceSpec c = slice(series, 3, 5);
    {
        auto ff = makeSlice(c);
        ASSERT_TRUE(
            ff->getDataset()
                ->saveFile((root / "p1" / "c_raw").string().c_str(), EXS_LittleEndianImplicit)
                .good());
        std::ifstream in(root / "p1" / "c_raw", std::ios::binary);
        char head[132] = {};
        in.read(head, 132);
        ASSERT_NE(std::string(head + 128, 4), "DICM");
    }

    writeBytes(root / "notes.txt", "This is a text file, not an image.\n");
    writeBytes(root / "empty.dcm", "");
    { // the first 300 bytes of a good file: cut inside the header
        std::ifstream in(root / "p1" / "a.dcm", std::ios::binary);
        std::string bytes(300, '\0');
        in.read(bytes.data(), 300);
        writeBytes(root / "truncated_header.dcm", bytes);
    }
    { // a good file missing its last 20 bytes: cut inside Pixel Data
        const auto size = fs::file_size(root / "p1" / "a.dcm");
        std::ifstream in(root / "p1" / "a.dcm", std::ios::binary);
        std::string bytes(size - 20, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        writeBytes(root / "truncated_pixels.dcm", bytes);
    }
    {
        auto ff = makeSlice(slice(series, 4, 7.5));
        ff->getDataset()->findAndDeleteElement(DCM_SOPInstanceUID);
        save(*ff, root / "no_sop.dcm");
    }
    {
        auto ff = makeSlice(slice(series, 5, 10));
        ff->getDataset()->findAndDeleteElement(DCM_SeriesInstanceUID);
        save(*ff, root / "no_series.dcm");
    }
    {
        SliceSpec rt = slice(newUid(), 1, 0);
        rt.sopClassUid = UID_RTStructureSetStorage;
        rt.modality = "RTSTRUCT";
        auto ff = makeSlice(rt);
        save(*ff, root / "rs.dcm");
    }

    std::size_t lastDone = 0, lastTotal = 0;
    const auto result =
        dicom::scan({root}, [&](std::size_t done, std::size_t total, const std::string&) {
            lastDone = done;
            lastTotal = total;
        });
    EXPECT_FALSE(result.cancelled);
    EXPECT_EQ(result.filesScanned, 10u);
    EXPECT_EQ(lastDone, 10u);
    EXPECT_EQ(lastTotal, 10u);

    const auto why = reasons(result);
    EXPECT_EQ(why.size(), 6u);
    EXPECT_EQ(why.at("notes.txt"), "not DICOM");
    EXPECT_EQ(why.at("empty.dcm"), "not DICOM");
    EXPECT_EQ(why.at("truncated_header.dcm"), "truncated");
    EXPECT_EQ(why.at("truncated_pixels.dcm"), "truncated");
    EXPECT_EQ(why.at("no_sop.dcm"), "no SOP Instance UID");
    EXPECT_EQ(why.at("no_series.dcm"), "no Series Instance UID");

    ASSERT_EQ(result.instances.size(), 4u);
    // Sorted by path: p1/a.dcm, p1/c_raw, p1/deeper/b.dcm, rs.dcm.
    const auto& h = result.instances[0];
    EXPECT_EQ(h.file, root / "p1" / "a.dcm");
    EXPECT_EQ(h.sopInstanceUid, a.sopUid);
    EXPECT_EQ(h.seriesInstanceUid, series);
    EXPECT_EQ(h.kind, dicom::ObjectKind::Image);
    EXPECT_EQ(h.modality, "CT");
    EXPECT_EQ(h.patientId, "SYNTH01");
    EXPECT_EQ(h.patientName, "Synthetic^Patient");
    EXPECT_EQ(h.studyDate, "20240102");
    EXPECT_EQ(h.seriesNumber, 3);
    EXPECT_EQ(h.instanceNumber, 1);
    EXPECT_EQ(h.rows, 6);
    EXPECT_EQ(h.columns, 8);
    EXPECT_EQ(h.numberOfFrames, 1);
    EXPECT_EQ(h.imagePositionPatient, (std::vector<double>{-10, -20, 0}));
    EXPECT_EQ(h.imageOrientationPatient, (std::vector<double>{1, 0, 0, 0, 1, 0}));
    EXPECT_EQ(h.transferSyntaxUid, UID_LittleEndianExplicitTransferSyntax);
    EXPECT_EQ(h.fileSize, fs::file_size(root / "p1" / "a.dcm"));
    EXPECT_GT(h.fileModified, 1'600'000'000);

    EXPECT_EQ(result.instances[1].sopInstanceUid, c.sopUid); // bare dataset read
    EXPECT_EQ(result.instances[1].transferSyntaxUid, UID_LittleEndianImplicitTransferSyntax);
    EXPECT_EQ(result.instances[2].sopInstanceUid, b.sopUid);
    EXPECT_EQ(result.instances[3].kind, dicom::ObjectKind::RtStruct);

    EXPECT_THROW(dicom::readInstanceHeader(root / "notes.txt"), Error);
    try {
        dicom::readInstanceHeader(root / "no_sop.dcm");
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no_sop.dcm: no SOP Instance UID"), std::string::npos);
    }
}

TEST(DicomScanner, CancelStopsBeforeReading) {
    TempDir dir;
    writeSlice(slice(newUid(), 1, 0), dir.path() / "a.dcm");
    CancelToken cancel;
    cancel.cancel();
    const auto result = dicom::scan({dir.path()}, {}, &cancel);
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(result.filesScanned, 0u);
    EXPECT_TRUE(result.instances.empty());
}

TEST(DicomScanner, FollowsDicomDir) {
    TempDir dir;
    const fs::path root = dir.path();
    const std::string series = newUid();
    std::vector<SliceSpec> slices{slice(series, 1, 0), slice(series, 2, 2.5)};
    writeSlice(slices[0], root / "SUB" / "IM1");
    writeSlice(slices[1], root / "SUB" / "IM2");
    writeSlice(slice(series, 3, 5), root / "SUB" / "IM3"); // not referenced

    {
        const fs::path cwd = fs::current_path();
        fs::current_path(root); // DICOMDIR file IDs are relative to the file-set root
        DicomDirInterface dicomdir;
        dicomdir.enableInventMode(OFTrue);
        ASSERT_TRUE(
            dicomdir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, "DICOMDIR", "SYNTH")
                .good());
        ASSERT_TRUE(dicomdir.addDicomFile("SUB/IM1").good());
        ASSERT_TRUE(dicomdir.addDicomFile("SUB/IM2").good());
        ASSERT_TRUE(dicomdir.writeDicomDir().good());
        fs::current_path(cwd);
    }
    // Media copied to a case-sensitive file system may have lower-case names.
    fs::rename(root / "SUB" / "IM2", root / "SUB" / "im2");

    const auto result = dicom::scan({root / "DICOMDIR"});
    EXPECT_TRUE(result.skipped.empty());
    ASSERT_EQ(result.instances.size(), 2u);
    EXPECT_EQ(result.instances[0].sopInstanceUid, slices[0].sopUid);
    EXPECT_EQ(result.instances[1].sopInstanceUid, slices[1].sopUid);
    EXPECT_EQ(result.instances[1].file, root / "SUB" / "im2");

    // Scanning the folder finds every file, and the DICOMDIR itself is no instance.
    const auto all = dicom::scan({root});
    EXPECT_TRUE(all.skipped.empty());
    EXPECT_EQ(all.instances.size(), 3u);
}

TEST(DicomScanner, SharedStsFolderCountsPerModality) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root = ibsiDataSets() / "ibsi_validation" / "dicom";
    // Expected counts from the folder layout (STS_0nn/{CT,PET,MR_T1}/{image,mask}).
    const std::map<std::string, std::string> modalityOfFolder{
        {"CT", "CT"}, {"PET", "PT"}, {"MR_T1", "MR"}};
    std::map<std::string, std::size_t> expectedImages, expectedRtStructs;
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file())
            continue;
        ++files;
        const fs::path rel = fs::relative(e.path(), root);
        auto it = rel.begin();
        ++it;
        const std::string modality = modalityOfFolder.at(it->string());
        ++it;
        (it->string() == "image" ? expectedImages : expectedRtStructs)[modality]++;
    }
    EXPECT_EQ(files, 1923u);

    dicom::scan({root}); // warm the file cache
    const auto start = std::chrono::steady_clock::now();
    const auto result = dicom::scan({root});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ SCAN ] " << result.filesScanned << " files in " << seconds
              << " s = " << result.filesScanned / seconds << " files/s\n";

    EXPECT_EQ(result.filesScanned, 1923u);
    EXPECT_TRUE(result.skipped.empty());
    ASSERT_EQ(result.instances.size(), 1923u);
    std::map<std::string, std::size_t> images, rtStructs;
    std::map<std::string, std::size_t> rtModality;
    for (const auto& h : result.instances) {
        if (h.kind == dicom::ObjectKind::Image)
            images[h.modality]++;
        else if (h.kind == dicom::ObjectKind::RtStruct) {
            // The RTSTRUCT's modality is RTSTRUCT; attribute it by its folder.
            const std::string folder = h.file.parent_path().parent_path().filename().string();
            rtStructs[modalityOfFolder.at(folder)]++;
            rtModality[h.modality]++;
        } else
            ADD_FAILURE() << h.file << " is " << dicom::toString(h.kind);
    }
    EXPECT_EQ(images, expectedImages);
    EXPECT_EQ(rtStructs, expectedRtStructs);
    EXPECT_EQ(rtModality, (std::map<std::string, std::size_t>{{"RTSTRUCT", 30}}));
}
