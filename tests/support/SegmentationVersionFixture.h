#pragma once

// A second reader's version of every stored lesion, moved sideways so that
// shape features stay and intensity features change: the fixture of the
// stability-across-versions tests (CLI and model builder).

#include "Database.h"
#include "ExtractionInputs.h"
#include "SegmentationRepository.h"
#include "image/Image.h"
#include "util/Error.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace rgw::test {

/// `mask` moved along i by its own extent plus 3 voxels (towards the side
/// with room), every voxel kept. Throws rgw::Error for an empty mask or one
/// without room on either side.
inline Mask movedSideways(const Mask& mask) {
    const auto& size = mask.geometry.size;
    std::int64_t low = size[0], high = -1;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (mask.at(i, j, k)) {
                    low = std::min(low, i);
                    high = std::max(high, i);
                }
    if (high < low)
        throw Error("movedSideways: an empty mask");
    const std::int64_t width = high - low + 1 + 3;
    const std::int64_t shift = high + width < size[0] ? width : -width;
    if (low + shift < 0)
        throw Error("movedSideways: no room to move the lesion");
    Mask moved(mask.geometry, 0);
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (mask.at(i, j, k))
                    moved.at(i + shift, j, k) = 1;
    return moved;
}

/// Adds a "reader 2" version, movedSideways, to every segmentation in `db`.
/// Returns how many were added (throws rgw::Error when there is none).
inline std::size_t addSidewaysVersions(storage::Database& db) {
    storage::SegmentationRepository segmentations(db);
    const auto rows = segmentations.listAll();
    if (rows.empty())
        throw Error("addSidewaysVersions: the database holds no segmentation");
    for (const auto& row : rows) {
        const storage::ImageInput image =
            storage::resolveImage(&db, row.referencedSeriesInstanceUid);
        const storage::MaskInput mask =
            storage::resolveMask(&db, image, std::to_string(row.id), "");
        segmentations.addVersion(row.id, movedSideways(mask.mask), "reader 2");
    }
    return rows.size();
}

} // namespace rgw::test
