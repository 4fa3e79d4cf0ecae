#pragma once

#include "Database.h"
#include "Rows.h"
#include "image/Geometry.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::storage {

enum class ExportFormat { Nifti, Seg, RtStruct };
const char* toString(ExportFormat format); ///< "nifti", "seg", "rtstruct"
std::optional<ExportFormat> exportFormatFromString(std::string_view text);

struct ExportOptions {
    std::string who = {}; ///< Content Creator's / Operators' Name; empty = OS user name
};

struct ExportResult {
    std::filesystem::path file;
    ExportFormat format = ExportFormat::Nifti;
    std::string referencedSeriesInstanceUid; ///< the image series the masks lie on
    std::string seriesInstanceUid;           ///< of the written SEG/RTSTRUCT (empty for NIfTI)
    std::string sopInstanceUid;              ///< of the written SEG/RTSTRUCT (empty for NIfTI)
    Geometry grid;
    std::vector<SegmentationRow> segmentations; ///< in the order written (segment/ROI 1..)
};

/// The rows of `ids`, checked for export in `format`: every id exists, all
/// reference one image series, and NIfTI gets exactly one id. Throws
/// rgw::Error naming the id at fault.
std::vector<SegmentationRow> exportableSegmentations(Database& db, const std::vector<Id>& ids,
                                                     ExportFormat format);

/// Writes segmentations of one image series to `out`: NIfTI (one binary mask),
/// DICOM SEG (one segment per id, label = ROI name, colour = ROI colour) or
/// RTSTRUCT (one ROI per id). The masks come from storage (loadSegmentationMask),
/// the patient/study/image references from the series' instance files.
ExportResult exportSegmentations(Database& db, const std::vector<Id>& ids, ExportFormat format,
                                 const std::filesystem::path& out,
                                 const ExportOptions& options = {});

} // namespace rgw::storage
