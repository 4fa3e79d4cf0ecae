#pragma once

// A cohort database for the cohort variable and export tests: the cBioPortal
// fixture study (tests/support/CbioStudyFixture.h) read and imported as the
// CLI does, plus hand-made imaging rows and segmentations.

#include "CbioStudyFixture.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "SegmentationRepository.h"
#include "TestData.h"
#include "genomics/CbioPortalStudy.h"

#include <functional>
#include <gtest/gtest.h>
#include <string>

namespace rgw::test {

struct CohortTestDatabase {
    TempDir dir;
    storage::Database db{dir.path() / "cohort.db"};

    /// Writes the fixture study, lets `edit` change its files, imports it.
    explicit CohortTestDatabase(const std::function<void(const cbio::StudyFiles&)>& edit = {}) {
        const cbio::StudyFiles files = cbio::writeStudy(dir.path() / "study");
        if (edit)
            edit(files);
        const genomics::GenomicDataSet data = genomics::readCbioPortalStudy(files.folder);
        const storage::GenomicsImportReport report = storage::importGenomicData(db, data);
        EXPECT_TRUE(report.imported);
        for (const auto& e : report.errors)
            ADD_FAILURE() << e.describe();
    }

    storage::Id patientRow(const std::string& patientId) {
        storage::Statement s(db, "INSERT OR IGNORE INTO patients (patient_id) VALUES (?1)");
        s.bind(1, patientId).execute();
        storage::Statement id(db, "SELECT id FROM patients WHERE patient_id = ?1");
        id.bind(1, patientId);
        EXPECT_TRUE(id.step());
        return id.int64(0);
    }

    /// A series of the patient (one study per patient) with object kind
    /// 'image', 'seg', 'rtstruct', ...
    storage::Id addSeries(const std::string& patientId, const std::string& seriesUid,
                          const std::string& modality, const std::string& objectKind = "image") {
        const storage::Id patient = patientRow(patientId);
        storage::Statement st(db, "INSERT OR IGNORE INTO studies (study_uid, patient_id) "
                                  "VALUES (?1, ?2)");
        st.bind(1, "study-" + patientId).bind(2, patient).execute();
        storage::Statement se(db, "INSERT INTO series (series_uid, study_id, modality, "
                                  "object_kind) SELECT ?1, id, ?2, ?3 FROM studies "
                                  "WHERE study_uid = ?4");
        se.bind(1, seriesUid).bind(2, modality).bind(3, objectKind).bind(4, "study-" + patientId);
        se.execute();
        return db.lastInsertRowId();
    }

    /// A MANUAL segmentation of `voxels` voxels (a row of a 16 x 16 x 16
    /// mask) on the series; returns its id (its lineage).
    storage::Id addSegmentation(const std::string& patientId, const std::string& seriesUid,
                                const std::string& roi, int voxels = 8) {
        Geometry g;
        g.size = {16, 16, 16};
        Mask mask(g, 0);
        for (int i = 0; i < voxels; ++i)
            mask.voxels[static_cast<std::size_t>(i)] = 1;
        storage::NewSegmentation s;
        s.patientRowId = patientRow(patientId);
        s.referencedSeriesInstanceUid = seriesUid;
        s.roiName = roi;
        s.source = storage::SegmentationSource::Manual;
        s.mask = &mask;
        return storage::SegmentationRepository(db).add(s, "tester");
    }
};

} // namespace rgw::test
