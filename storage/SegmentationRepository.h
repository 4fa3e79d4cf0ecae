#pragma once

#include "Database.h"
#include "Rows.h"
#include "image/Image.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// What a new segmentation (version 1 of a new lineage) is made of.
struct NewSegmentation {
    Id patientRowId = 0;
    std::string referencedSeriesInstanceUid;
    std::string roiName;
    int roiNumber = 0;
    std::array<int, 3> color{255, 0, 0};
    SegmentationSource source = SegmentationSource::Manual;
    std::string sourceFile;
    std::string sourceSopInstanceUid;
    const Mask* mask = nullptr; ///< required for NIFTI / MANUAL, absent for RTSTRUCT / SEG
};

/// segmentations: versioned ROIs. Rows are never overwritten: an edit adds a
/// version to the lineage with its parent.
class SegmentationRepository {
public:
    explicit SegmentationRepository(Database& db) : db_(db) {}

    /// Adds version 1 of a new lineage; returns its id (= its lineage).
    Id add(const NewSegmentation& segmentation, const std::string& who);
    /// The row of an RTSTRUCT ROI / SEG segment (keyed by source SOP Instance
    /// UID and ROI number): added as version 1 when absent (returns its id and
    /// sets `added`), otherwise its name, colour, referenced series and file
    /// are refreshed from the (changed) source object.
    Id addOrRefreshSourceRoi(const NewSegmentation& segmentation, const std::string& who,
                             bool& added);
    /// Adds an edited version of `parentId` (next version number of its
    /// lineage, source MANUAL, same ROI number and series) holding `mask`,
    /// with the parent's name and colour unless `roiName` / `color` give new
    /// ones; writes an audit entry. Throws rgw::Error for an unknown parent.
    Id addVersion(Id parentId, const Mask& mask, const std::string& who,
                  const std::optional<std::string>& roiName = std::nullopt,
                  const std::optional<std::array<int, 3>>& color = std::nullopt);

    std::optional<SegmentationRow> find(Id id);
    /// The stored mask blob of a NIFTI/MANUAL row, decoded; nullopt when none.
    std::optional<Mask> storedMask(Id id);

    std::vector<SegmentationRow> listForSeries(const std::string& seriesInstanceUid);
    std::vector<SegmentationRow> listForPatient(Id patientRowId);
    std::vector<SegmentationRow> listAll();
    /// All versions of one lineage, oldest first.
    std::vector<SegmentationRow> versions(Id lineage);

private:
    Database& db_;
};

/// The newest version of each lineage among `rows`, by lineage id.
std::vector<SegmentationRow> latestVersions(const std::vector<SegmentationRow>& rows);

} // namespace rgw::storage
