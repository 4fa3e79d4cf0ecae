#pragma once

#include "Database.h"
#include "SegmentationExport.h"

#include <filesystem>
#include <string>

namespace rgw::storage {

/// What exportMeasurementReport wrote and what the SR references.
struct MeasurementReportExport {
    std::filesystem::path file;    ///< the SR
    std::string sopInstanceUid;    ///< of the SR
    std::string seriesInstanceUid; ///< of the SR
    std::string imageSeriesInstanceUid;
    /// The DICOM SEG the measurement group references: the segmentation's
    /// source SEG, or the one written beside the SR (segFile non-empty).
    std::string segmentationSopInstanceUid;
    std::string segmentationSeriesInstanceUid;
    int segmentNumber = 1;
    std::filesystem::path segFile; ///< the SEG written beside the SR; empty when referenced
    std::string trackingUid;
    std::size_t measurements = 0; ///< every stored feature value
    std::size_t missing = 0;      ///< of them written as "Not a number"
};

/// The SR file's neighbour that holds the SEG written for it: "<stem>_seg.dcm".
std::filesystem::path segmentationFileBeside(const std::filesystem::path& srFile);

/// The Tracking Unique Identifier of a segmentation lineage on an image series:
/// a 2.25 UID from the SHA-256 of both (RFC 4122 name-based layout), so every
/// report about the same ROI (any version, any export) tracks it with one UID.
std::string trackingUid(const std::string& seriesInstanceUid, Id lineage);

/// Writes the features of one stored extraction as a DICOM SR TID 1500
/// measurement report (dicom::writeMeasurementReport): one measurement group
/// for its ROI, one measurement per stored feature value (missing ones as
/// "Not a number"), the algorithm identification from its provenance (program,
/// software version, parameter-set hash and name). The group references a
/// DICOM SEG of the ROI: the source SEG instance and segment number when the
/// segmentation was imported from one, else a SEG written beside the SR
/// (segmentationFileBeside, via exportSegmentations). Records an audit entry.
/// Throws InputNotFound naming the id when there is no such extraction, and
/// rgw::Error when its mask is not a stored segmentation.
MeasurementReportExport exportMeasurementReport(Database& db, Id extractionId,
                                                const std::filesystem::path& out,
                                                const ExportOptions& options = {});

} // namespace rgw::storage
