#pragma once

#include "Database.h"
#include "Rows.h"
#include "image/Image.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// One segment of an editing session to store: an edit of a stored version
/// (`parentId`) or a new ROI (no parent).
struct EditedSegmentation {
    std::optional<Id> parentId;
    std::string roiName;
    std::array<int, 3> color{255, 0, 0};
    const Mask* mask = nullptr; ///< on the image series' grid
};

/// Stores the edited segments of image series `seriesInstanceUid` in one
/// transaction: a new version (parent = the edited version, who, when) for
/// each edit of a stored segmentation, version 1 of a new lineage (source
/// MANUAL) for each new ROI. Nothing is overwritten. Throws rgw::Error, with
/// nothing written, for an unknown series or parent, a parent on another
/// series, or a mask off the series' voxel grid. Returns the new ids in order.
std::vector<Id> saveSegmentations(Database& db, const std::string& seriesInstanceUid,
                                  const std::vector<EditedSegmentation>& segments,
                                  const std::string& who);

} // namespace rgw::storage
