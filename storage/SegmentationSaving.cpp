#include "SegmentationSaving.h"

#include "AuditLog.h"
#include "CohortRepositories.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "util/Error.h"

namespace rgw::storage {

std::vector<Id> saveSegmentations(Database& db, const std::string& seriesInstanceUid,
                                  const std::vector<EditedSegmentation>& segments,
                                  const std::string& who) {
    const auto series = SeriesRepository(db).find(seriesInstanceUid);
    if (!series)
        throw Error("cannot save segmentations: series " + seriesInstanceUid + " is not in " +
                    db.path().string());
    const auto patient = PatientRepository(db).find(series->patientId);
    if (!patient)
        throw Error("patient of series " + seriesInstanceUid + " missing in " + db.path().string());
    // The grid the masks must lie on: the series' own (headers only would do,
    // but the loaded geometry is the one the editor used).
    const Geometry grid = loadSeriesVolume(db, seriesInstanceUid).volume.geometry;

    SegmentationRepository repository(db);
    std::vector<Id> ids;
    Transaction transaction(db);
    for (const EditedSegmentation& segment : segments) {
        if (!segment.mask || !segment.mask->geometry.sameGrid(grid) ||
            segment.mask->voxels.size() != grid.voxelCount())
            throw Error("cannot save segmentation '" + segment.roiName +
                        "': its mask is not on the grid of series " + seriesInstanceUid);
        if (segment.parentId) {
            const auto parent = repository.find(*segment.parentId);
            if (!parent)
                throw Error("cannot save segmentation '" + segment.roiName + "': segmentation " +
                            std::to_string(*segment.parentId) + " is not in " + db.path().string());
            if (parent->referencedSeriesInstanceUid != seriesInstanceUid)
                throw Error("cannot save segmentation '" + segment.roiName + "': segmentation " +
                            std::to_string(*segment.parentId) + " lies on series " +
                            parent->referencedSeriesInstanceUid + ", not " + seriesInstanceUid);
            ids.push_back(repository.addVersion(*segment.parentId, *segment.mask, who,
                                                segment.roiName, segment.color));
        } else {
            NewSegmentation row;
            row.patientRowId = patient->id;
            row.referencedSeriesInstanceUid = seriesInstanceUid;
            row.roiName = segment.roiName;
            row.color = segment.color;
            row.source = SegmentationSource::Manual;
            row.mask = segment.mask;
            const Id id = repository.add(row, who);
            AuditLog(db).record(who, "segmentation.create", "segmentations", id,
                                "new ROI '" + segment.roiName + "' on series " + seriesInstanceUid);
            ids.push_back(id);
        }
    }
    transaction.commit();
    return ids;
}

} // namespace rgw::storage
