// Repositories: typed rows round trip, list queries, segmentation versions.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "ImportRunRepository.h"
#include "MaskBlob.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw::storage;
using rgw::dicom::InstanceHeader;
using rgw::dicom::ObjectKind;

namespace {

InstanceHeader header(const std::string& patient, const std::string& study,
                      const std::string& series, const std::string& sop, ObjectKind kind,
                      const std::string& modality, int instanceNumber) {
    InstanceHeader h;
    h.file = "/data/" + series + "/" + sop + ".dcm";
    h.fileSize = 1000 + static_cast<std::uintmax_t>(instanceNumber);
    h.fileModified = 1700000000 + instanceNumber;
    h.transferSyntaxUid = "1.2.840.10008.1.2.1";
    h.sopClassUid = "1.2.840.10008.5.1.4.1.1.2";
    h.sopInstanceUid = sop;
    h.kind = kind;
    h.patientId = patient;
    h.patientName = "Doe^" + patient;
    h.patientBirthDate = "19700101";
    h.patientSex = "F";
    h.studyInstanceUid = study;
    h.studyDate = "20200102";
    h.studyTime = "101500";
    h.studyDescription = "Staging";
    h.accessionNumber = "A1";
    h.seriesInstanceUid = series;
    h.modality = modality;
    h.seriesDescription = modality + " series";
    h.seriesNumber = instanceNumber < 100 ? 1 : 2;
    h.frameOfReferenceUid = "1.2.9";
    h.instanceNumber = instanceNumber;
    h.rows = 4;
    h.columns = 5;
    return h;
}

rgw::Mask smallMask() {
    rgw::Geometry g;
    g.size = {5, 4, 3};
    g.origin = {-10.0, 20.5, 30.25};
    g.spacing = {0.75, 0.8, 2.5};
    g.direction << 1, 0, 0, 0, 0, 1, 0, -1, 0; // not the identity: the blob keeps it
    rgw::Mask m(g);
    for (std::size_t i = 0; i < m.voxels.size(); i += 3)
        m.voxels[i] = 1;
    return m;
}

struct Fixture : ::testing::Test {
    rgw::test::TempDir dir;
    Database db{dir.path() / "cohort.db"};
};

} // namespace

TEST_F(Fixture, CohortRowsRoundTripWithCounts) {
    PatientRepository patients(db);
    StudyRepository studies(db);
    SeriesRepository series(db);
    InstanceRepository instances(db);

    const auto ct1 = header("P1", "1.1", "1.1.1", "1.1.1.1", ObjectKind::Image, "CT", 1);
    const Id p = patients.upsert(ct1);
    const Id st = studies.upsert(p, ct1);
    const Id se = series.upsert(st, ct1);
    ASSERT_TRUE(instances.insert(se, ct1));
    ASSERT_TRUE(
        instances.insert(se, header("P1", "1.1", "1.1.1", "1.1.1.2", ObjectKind::Image, "CT", 2)));
    EXPECT_FALSE(instances.insert(se, ct1)) << "same SOP Instance UID twice";
    const auto rs = header("P1", "1.1", "1.1.2", "1.1.2.1", ObjectKind::RtStruct, "RTSTRUCT", 100);
    const Id rsSeries = series.upsert(st, rs);
    ASSERT_TRUE(instances.insert(rsSeries, rs));
    // The upserts find the stored rows again.
    EXPECT_EQ(patients.upsert(ct1), p);
    EXPECT_EQ(studies.upsert(p, ct1), st);
    EXPECT_EQ(series.upsert(st, ct1), se);

    const auto patient = patients.find("P1");
    ASSERT_TRUE(patient);
    EXPECT_EQ(patient->patientName, "Doe^P1");
    EXPECT_EQ(patient->patientBirthDate, "19700101");
    EXPECT_EQ(patient->patientSex, "F");
    EXPECT_EQ(patient->studyCount, 1);

    const auto studyRows = studies.listForPatient(p);
    ASSERT_EQ(studyRows.size(), 1u);
    EXPECT_EQ(studyRows[0].studyInstanceUid, "1.1");
    EXPECT_EQ(studyRows[0].studyDate, "20200102");
    EXPECT_EQ(studyRows[0].studyTime, "101500");
    EXPECT_EQ(studyRows[0].accessionNumber, "A1");
    EXPECT_EQ(studyRows[0].seriesCount, 2);

    const auto seriesRows = series.listForStudy(st);
    ASSERT_EQ(seriesRows.size(), 2u);
    EXPECT_EQ(seriesRows[0].seriesInstanceUid, "1.1.1");
    EXPECT_EQ(seriesRows[0].modality, "CT");
    EXPECT_EQ(seriesRows[0].kind, ObjectKind::Image);
    EXPECT_EQ(seriesRows[0].instanceCount, 2);
    EXPECT_EQ(seriesRows[0].patientId, "P1");
    EXPECT_EQ(seriesRows[0].studyDate, "20200102");
    EXPECT_EQ(seriesRows[1].kind, ObjectKind::RtStruct);
    EXPECT_EQ(seriesRows[1].instanceCount, 1);
    EXPECT_EQ(series.listAll().size(), 2u);
    EXPECT_EQ(series.listForPatient(p).size(), 2u);

    const auto instance = instances.find("1.1.1.2");
    ASSERT_TRUE(instance);
    EXPECT_EQ(instance->filePath, std::filesystem::path("/data/1.1.1/1.1.1.2.dcm"));
    EXPECT_EQ(instance->fileSize, 1002u);
    EXPECT_EQ(instance->fileModified, 1700000002);
    EXPECT_EQ(instance->instanceNumber, 2);
    EXPECT_EQ(instance->rows, 4);
    EXPECT_EQ(instance->columns, 5);
    EXPECT_EQ(instance->numberOfFrames, 1);
    EXPECT_EQ(instances.count(), 3);
}

TEST_F(Fixture, AStudyCannotMoveToAnotherPatient) {
    PatientRepository patients(db);
    StudyRepository studies(db);
    const auto a = header("P1", "1.1", "1.1.1", "1", ObjectKind::Image, "CT", 1);
    const auto b = header("P2", "1.1", "1.1.1", "2", ObjectKind::Image, "CT", 1);
    studies.upsert(patients.upsert(a), a);
    EXPECT_THROW(studies.upsert(patients.upsert(b), b), rgw::Error);
}

TEST(MaskBlob, RoundTripsVoxelsAndGeometryAndCompresses) {
    const rgw::Mask mask = smallMask();
    const auto blob = encodeMask(mask);
    const rgw::Mask back = decodeMask(blob);
    EXPECT_EQ(back.geometry.size, mask.geometry.size);
    EXPECT_EQ(back.geometry.origin, mask.geometry.origin);
    EXPECT_EQ(back.geometry.spacing, mask.geometry.spacing);
    EXPECT_EQ(back.geometry.direction, mask.geometry.direction);
    EXPECT_EQ(back.voxels, mask.voxels);

    rgw::Geometry big;
    big.size = {256, 256, 100};
    rgw::Mask sphere(big);
    for (std::int64_t k = 0; k < 100; ++k)
        for (std::int64_t j = 0; j < 256; ++j)
            for (std::int64_t i = 0; i < 256; ++i)
                sphere.at(i, j, k) =
                    (i - 128) * (i - 128) + (j - 128) * (j - 128) + (k - 50) * (k - 50) * 4 <
                    60 * 60;
    EXPECT_LT(encodeMask(sphere).size(), sphere.voxels.size() / 50);
    EXPECT_EQ(decodeMask(encodeMask(sphere)).voxels, sphere.voxels);

    auto corrupt = blob;
    corrupt.resize(corrupt.size() - 4);
    EXPECT_THROW(decodeMask(corrupt), rgw::Error);
    EXPECT_THROW(decodeMask({1, 2, 3}), rgw::Error);
}

TEST_F(Fixture, EditingASegmentationAddsAVersionAndKeepsTheOriginal) {
    const auto ct = header("P1", "1.1", "1.1.1", "1", ObjectKind::Image, "CT", 1);
    const Id patient = PatientRepository(db).upsert(ct);
    SegmentationRepository segs(db);

    NewSegmentation rt;
    rt.patientRowId = patient;
    rt.referencedSeriesInstanceUid = "1.1.1";
    rt.roiName = "GTV_Mass";
    rt.roiNumber = 3;
    rt.color = {10, 20, 30};
    rt.source = SegmentationSource::RtStruct;
    rt.sourceFile = "/data/rs.dcm";
    rt.sourceSopInstanceUid = "1.1.2.1";
    const Id original = segs.add(rt, "alice");

    const rgw::Mask edit1 = smallMask();
    const Id v2 = segs.addVersion(original, edit1, "bob");
    rgw::Mask edit2Mask = smallMask();
    edit2Mask.voxels[1] = 1;
    const Id v3 = segs.addVersion(v2, edit2Mask, "carol");

    const auto first = segs.find(original);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->version, 1);
    EXPECT_EQ(first->lineage, original);
    EXPECT_FALSE(first->parentId);
    EXPECT_FALSE(first->hasMask);
    EXPECT_EQ(first->source, SegmentationSource::RtStruct);
    EXPECT_EQ(first->roiName, "GTV_Mass");
    EXPECT_EQ(first->createdBy, "alice");
    EXPECT_FALSE(first->createdAt.empty());

    const auto second = segs.find(v2);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->version, 2);
    EXPECT_EQ(second->lineage, original);
    EXPECT_EQ(second->parentId, original);
    EXPECT_EQ(second->source, SegmentationSource::Manual);
    EXPECT_EQ(second->roiName, "GTV_Mass");
    EXPECT_EQ(second->roiNumber, 3);
    EXPECT_EQ(second->color, (std::array<int, 3>{10, 20, 30}));
    EXPECT_EQ(second->referencedSeriesInstanceUid, "1.1.1");
    EXPECT_EQ(second->createdBy, "bob");
    EXPECT_TRUE(second->hasMask);
    EXPECT_EQ(segs.storedMask(v2)->voxels, edit1.voxels);
    EXPECT_EQ(segs.storedMask(v3)->voxels, edit2Mask.voxels);
    EXPECT_FALSE(segs.storedMask(original));
    // A stored mask is returned without loading any series.
    EXPECT_EQ(loadSegmentationMask(db, v3).voxels, edit2Mask.voxels);

    const auto versions = segs.versions(original);
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[2].id, v3);
    EXPECT_EQ(versions[2].version, 3);
    EXPECT_EQ(versions[2].parentId, v2);
    EXPECT_EQ(segs.listForSeries("1.1.1").size(), 3u);
    EXPECT_EQ(segs.listForPatient(patient).size(), 3u);

    // The original row is untouched by the edits.
    const auto again = segs.find(original);
    EXPECT_EQ(again->version, 1);
    EXPECT_FALSE(again->hasMask);
    EXPECT_EQ(again->createdBy, "alice");

    // Edits are audited.
    const auto audit = AuditLog(db).list();
    ASSERT_GE(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "segmentation.edit");
    EXPECT_EQ(audit[0].who, "carol");
    EXPECT_EQ(audit[0].entityId, v3);

    EXPECT_THROW(segs.addVersion(4711, edit1, "bob"), rgw::Error);
    EXPECT_THROW(loadSegmentationMask(db, 4711), rgw::Error);
}

TEST_F(Fixture, SegmentationSourcesMustMatchTheirMaskAndRoisAreUnique) {
    const auto ct = header("P1", "1.1", "1.1.1", "1", ObjectKind::Image, "CT", 1);
    const Id patient = PatientRepository(db).upsert(ct);
    SegmentationRepository segs(db);
    const rgw::Mask mask = smallMask();

    NewSegmentation manual;
    manual.patientRowId = patient;
    manual.roiName = "drawn";
    manual.source = SegmentationSource::Manual;
    EXPECT_THROW(segs.add(manual, "me"), rgw::Error) << "MANUAL without a mask";

    NewSegmentation rt = manual;
    rt.source = SegmentationSource::RtStruct;
    rt.mask = &mask;
    EXPECT_THROW(segs.add(rt, "me"), rgw::Error) << "RTSTRUCT with a mask";

    rt.mask = nullptr;
    rt.sourceSopInstanceUid = "9.9";
    rt.roiNumber = 1;
    bool added = false;
    const Id id = segs.addOrRefreshSourceRoi(rt, "me", added);
    EXPECT_TRUE(added);
    rt.roiName = "renamed";
    EXPECT_EQ(segs.addOrRefreshSourceRoi(rt, "me", added), id);
    EXPECT_FALSE(added);
    EXPECT_EQ(segs.find(id)->roiName, "renamed");
    EXPECT_THROW(segs.add(rt, "me"), DatabaseError) << "second row for one RTSTRUCT ROI";
}

TEST_F(Fixture, ImportRunsAndAuditEntriesRoundTrip) {
    ImportRunRepository runs(db);
    const Id id = runs.start("/a\n/b");
    auto row = runs.find(id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->status, ImportStatus::Running);
    EXPECT_TRUE(row->finishedAt.empty());
    EXPECT_EQ(row->roots, "/a\n/b");

    ImportRunRow done = *row;
    done.status = ImportStatus::Cancelled;
    done.filesScanned = 10;
    done.instancesAdded = 7;
    done.duplicates = 2;
    done.changed = 1;
    done.skipped = 1;
    done.report = "{}";
    runs.finish(done);
    row = runs.find(id);
    EXPECT_EQ(row->status, ImportStatus::Cancelled);
    EXPECT_FALSE(row->finishedAt.empty());
    EXPECT_EQ(row->filesScanned, 10);
    EXPECT_EQ(row->instancesAdded, 7);
    EXPECT_EQ(row->duplicates, 2);
    EXPECT_EQ(row->changed, 1);
    EXPECT_EQ(row->skipped, 1);
    EXPECT_EQ(runs.list().size(), 1u);

    AuditLog audit(db);
    audit.record("dana", "test.action", "patients", std::nullopt, "detail");
    const auto entries = audit.list();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].who, "dana");
    EXPECT_EQ(entries[0].action, "test.action");
    EXPECT_EQ(entries[0].entity, "patients");
    EXPECT_FALSE(entries[0].entityId);
    EXPECT_EQ(entries[0].detail, "detail");
    EXPECT_FALSE(currentUserName().empty());
}
