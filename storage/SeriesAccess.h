#pragma once

#include "Database.h"
#include "image/Image.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Cancel.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::storage {

/// Files of the stored instances of a series. Throws rgw::Error for an
/// unknown Series Instance UID.
std::vector<std::filesystem::path> seriesFiles(Database& db, const std::string& seriesInstanceUid);

/// Files of a stored image series. Throws rgw::Error for an unknown Series
/// Instance UID or a series that is not an image series (RTSTRUCT, SEG, …).
std::vector<std::filesystem::path> imageSeriesFiles(Database& db,
                                                    const std::string& seriesInstanceUid);

/// Loads a stored image series from its files (rgw::dicom::loadSeries).
dicom::LoadedSeries loadSeriesVolume(Database& db, const std::string& seriesInstanceUid,
                                     const dicom::LoadOptions& options = {},
                                     const CancelToken* cancel = nullptr);

/// The mask of a segmentation on its referenced series' grid: RTSTRUCT rows
/// rasterise their ROI, SEG rows decode their segment, NIFTI/MANUAL rows
/// decode the stored mask. Loads the referenced series for its geometry.
/// Throws rgw::Error for an unknown id or a missing source.
Mask loadSegmentationMask(Database& db, Id segmentationId);

/// Same, on a grid the caller already has (the referenced series' geometry).
Mask loadSegmentationMask(Database& db, Id segmentationId, const Geometry& seriesGrid);

} // namespace rgw::storage
