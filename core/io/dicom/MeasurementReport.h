#pragma once

// The content of a DICOM SR TID 1500 Measurement Report of radiomic features,
// as MeasurementReportWriter writes it and MeasurementReportReader reads it
// back: one measurement group (TID 1411) per ROI, each referencing a segment
// of a DICOM SEG and the image series it was drawn on.

#include "io/dicom/SegWriter.h"

#include <limits>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One measurement (TID 1419 / 300): a numeric value with its coded quantity and unit.
struct ReportMeasurement {
    /// Concept Name: the feature, e.g. (RNU0, IBSI, "Volume (mesh)").
    CodedConcept quantity;
    /// HAS CONCEPT MOD (5QB6, IBSI, "Feature aggregation") of texture features,
    /// e.g. (IAZD, IBSI, "3D, merged"); empty value = none.
    CodedConcept aggregation;
    /// NaN (or an infinity) is written without a Measured Value, with the Numeric
    /// Value Qualifier (114000, DCM, "Not a number") (or 114001/114002).
    double value = std::numeric_limits<double>::quiet_NaN();
    /// UCUM unit, e.g. ("mm3", UCUM, "cubic millimeter"). A value without a
    /// number has no unit in DICOM: it reads back empty.
    CodedConcept unit;
};

/// One ROI: a Measurement Group of TID 1411 (Volumetric ROI Measurements).
struct ReportRoi {
    std::string trackingIdentifier; ///< Tracking Identifier (112039, DCM): the ROI name
    std::string trackingUid;        ///< Tracking Unique Identifier (112040, DCM)
    /// Finding (121071, DCM); default: (85756007, SCT, "Tissue"), as the SEG's segment type.
    CodedConcept finding{"85756007", "SCT", "Tissue"};
    /// Referenced Segment (121191, DCM): the DICOM SEG instance and segment number.
    std::string segmentationSeriesInstanceUid; ///< for the evidence sequence
    std::string segmentationSopInstanceUid;
    int segmentNumber = 1;
    /// Source series for segmentation (121232, DCM).
    std::string sourceSeriesInstanceUid;
    std::vector<ReportMeasurement> measurements;
};

/// Algorithm Identification (TID 4019) of every measurement.
struct ReportAlgorithm {
    std::string name;                    ///< Algorithm Name (111001, DCM)
    std::string version;                 ///< Algorithm Version (111003, DCM)
    std::vector<std::string> parameters; ///< Algorithm Parameters (111002, DCM), one item each
};

/// A whole report. On reading, the identity fields are filled from the file.
struct MeasurementReport {
    std::string sopInstanceUid;    ///< of the SR (read)
    std::string seriesInstanceUid; ///< of the SR (read)
    std::string studyInstanceUid;  ///< of the SR (read)
    std::string patientId;         ///< (read)
    /// The image series the measurements were made on: the Image Library
    /// references every image of it.
    std::string imageSeriesInstanceUid;
    std::vector<std::string> imageSopInstanceUids; ///< the Image Library entries (read)
    /// Procedure reported (121058, DCM), e.g. (25045-6, LN, "CT unspecified body region").
    CodedConcept procedure;
    ReportAlgorithm algorithm;
    std::vector<ReportRoi> rois;
};

} // namespace rgw::dicom
