#include "SegmentationRepository.h"

#include "AuditLog.h"
#include "MaskBlob.h"
#include "util/Error.h"

#include <map>
#include <string>

namespace rgw::storage {

namespace {

constexpr const char* kColumns =
    "id, patient_id, series_uid, roi_name, roi_number, color_r, color_g, color_b, source, "
    "source_file, source_sop_instance_uid, lineage, version, parent_id, mask IS NOT NULL, "
    "created_at, created_by";

SegmentationRow readRow(const Statement& s) {
    SegmentationRow row;
    row.id = s.int64(0);
    row.patientRowId = s.int64(1);
    row.referencedSeriesInstanceUid = s.text(2);
    row.roiName = s.text(3);
    row.roiNumber = s.integer(4);
    row.color = {s.integer(5), s.integer(6), s.integer(7)};
    row.source = segmentationSourceFromString(s.text(8));
    row.sourceFile = s.text(9);
    row.sourceSopInstanceUid = s.text(10);
    row.lineage = s.int64(11);
    row.version = s.integer(12);
    row.parentId = s.optionalInt64(13);
    row.hasMask = s.integer(14) != 0;
    row.createdAt = s.text(15);
    row.createdBy = s.text(16);
    return row;
}

std::vector<SegmentationRow> readAll(Statement& s) {
    std::vector<SegmentationRow> rows;
    while (s.step())
        rows.push_back(readRow(s));
    s.reset();
    return rows;
}

bool carriesMask(SegmentationSource source) {
    return source == SegmentationSource::Nifti || source == SegmentationSource::Manual;
}

// The new row's id is MAX(id) + 1 computed in the INSERT itself, so that the
// lineage of version 1 can be its own id within one atomic statement.
const std::string kInsert =
    "INSERT INTO segmentations (id, lineage, version, parent_id, patient_id, series_uid, "
    "roi_name, roi_number, color_r, color_g, color_b, source, source_file, "
    "source_sop_instance_uid, mask, created_by) "
    "SELECT n, IFNULL(?1, n), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15 "
    "FROM (SELECT IFNULL(MAX(id), 0) + 1 AS n FROM segmentations)";

} // namespace

Id SegmentationRepository::add(const NewSegmentation& seg, const std::string& who) {
    if (carriesMask(seg.source) != (seg.mask != nullptr))
        throw Error(std::string("a ") + toString(seg.source) + " segmentation '" + seg.roiName +
                    (seg.mask ? "' must not carry a mask" : "' needs a mask"));
    Statement& s = db_.prepare(kInsert);
    s.bindNull(1)
        .bind(2, 1)
        .bindNull(3)
        .bind(4, seg.patientRowId)
        .bind(5, seg.referencedSeriesInstanceUid)
        .bind(6, seg.roiName)
        .bind(7, seg.roiNumber)
        .bind(8, seg.color[0])
        .bind(9, seg.color[1])
        .bind(10, seg.color[2])
        .bind(11, toString(seg.source))
        .bind(12, seg.sourceFile)
        .bind(13, seg.sourceSopInstanceUid);
    if (seg.mask)
        s.bindBlob(14, encodeMask(*seg.mask));
    else
        s.bindNull(14);
    s.bind(15, who);
    s.execute();
    s.reset();
    return db_.lastInsertRowId();
}

Id SegmentationRepository::addOrRefreshSourceRoi(const NewSegmentation& seg, const std::string& who,
                                                 bool& added) {
    Statement& existing = db_.prepare(
        "SELECT id FROM segmentations WHERE source_sop_instance_uid = ?1 AND roi_number = ?2 "
        "AND source IN ('RTSTRUCT', 'SEG')");
    existing.bind(1, seg.sourceSopInstanceUid).bind(2, seg.roiNumber);
    const bool found = existing.step();
    const Id id = found ? existing.int64(0) : 0;
    existing.reset();
    added = !found;
    if (!found)
        return add(seg, who);
    Statement& s = db_.prepare(
        "UPDATE segmentations SET roi_name = ?2, color_r = ?3, color_g = ?4, color_b = ?5, "
        "series_uid = ?6, source_file = ?7 WHERE id = ?1");
    s.bind(1, id)
        .bind(2, seg.roiName)
        .bind(3, seg.color[0])
        .bind(4, seg.color[1])
        .bind(5, seg.color[2])
        .bind(6, seg.referencedSeriesInstanceUid)
        .bind(7, seg.sourceFile);
    s.execute();
    s.reset();
    return id;
}

Id SegmentationRepository::addVersion(Id parentId, const Mask& mask, const std::string& who,
                                      const std::optional<std::string>& roiName,
                                      const std::optional<std::array<int, 3>>& color) {
    Transaction transaction(db_);
    const auto parent = find(parentId);
    if (!parent)
        throw Error("segmentation " + std::to_string(parentId) + " not found in " +
                    db_.path().string());

    Statement& next = db_.prepare("SELECT MAX(version) + 1 FROM segmentations WHERE lineage = ?1");
    next.bind(1, parent->lineage);
    next.step();
    const int version = next.integer(0);
    next.reset();

    const std::string name = roiName.value_or(parent->roiName);
    const std::array<int, 3> rgb = color.value_or(parent->color);
    Statement& s = db_.prepare(kInsert);
    s.bind(1, parent->lineage)
        .bind(2, version)
        .bind(3, parentId)
        .bind(4, parent->patientRowId)
        .bind(5, parent->referencedSeriesInstanceUid)
        .bind(6, name)
        .bind(7, parent->roiNumber)
        .bind(8, rgb[0])
        .bind(9, rgb[1])
        .bind(10, rgb[2])
        .bind(11, toString(SegmentationSource::Manual))
        // Provenance of the lineage: the object the first version came from.
        .bind(12, parent->sourceFile)
        .bind(13, parent->sourceSopInstanceUid)
        .bindBlob(14, encodeMask(mask))
        .bind(15, who);
    s.execute();
    s.reset();
    const Id id = db_.lastInsertRowId();

    AuditLog(db_).record(who, "segmentation.edit", "segmentations", id,
                         "version " + std::to_string(version) + " of '" + name +
                             "' from segmentation " + std::to_string(parentId));
    transaction.commit();
    return id;
}

std::optional<SegmentationRow> SegmentationRepository::find(Id id) {
    Statement& s =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM segmentations WHERE id = ?1");
    s.bind(1, id);
    std::optional<SegmentationRow> row;
    if (s.step())
        row = readRow(s);
    s.reset();
    return row;
}

std::optional<Mask> SegmentationRepository::storedMask(Id id) {
    Statement& s = db_.prepare("SELECT mask FROM segmentations WHERE id = ?1");
    s.bind(1, id);
    std::optional<Mask> mask;
    if (s.step() && !s.isNull(0)) {
        const auto blob = s.blob(0);
        s.reset();
        try {
            mask = decodeMask(blob);
        } catch (const Error& e) {
            throw Error("segmentation " + std::to_string(id) + " in " + db_.path().string() + ": " +
                        e.what());
        }
    }
    s.reset();
    return mask;
}

std::vector<SegmentationRow>
SegmentationRepository::listForSeries(const std::string& seriesInstanceUid) {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM segmentations WHERE series_uid = ?1 "
                               "ORDER BY roi_name, lineage, version");
    s.bind(1, seriesInstanceUid);
    return readAll(s);
}

std::vector<SegmentationRow> SegmentationRepository::listForPatient(Id patientRowId) {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM segmentations WHERE patient_id = ?1 "
                               "ORDER BY series_uid, roi_name, lineage, version");
    s.bind(1, patientRowId);
    return readAll(s);
}

std::vector<SegmentationRow> SegmentationRepository::listAll() {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM segmentations ORDER BY patient_id, series_uid, roi_name, "
                               "lineage, version");
    return readAll(s);
}

std::vector<SegmentationRow> SegmentationRepository::versions(Id lineage) {
    Statement& s = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM segmentations WHERE lineage = ?1 ORDER BY version");
    s.bind(1, lineage);
    return readAll(s);
}

std::vector<SegmentationRow> latestVersions(const std::vector<SegmentationRow>& rows) {
    std::map<Id, SegmentationRow> latest;
    for (const auto& row : rows) {
        auto it = latest.find(row.lineage);
        if (it == latest.end() || it->second.version < row.version)
            latest[row.lineage] = row;
    }
    std::vector<SegmentationRow> out;
    for (auto& [lineage, row] : latest)
        out.push_back(std::move(row));
    return out;
}

} // namespace rgw::storage
