#pragma once

#include "io/dicom/MeasurementReport.h"
#include "io/dicom/ReferencedSeries.h"
#include "radiomics/Feature.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// What the SR object is called and who made it.
struct MeasurementReportOptions {
    std::string seriesDescription = "Radiomic features (TID 1500)";
    int seriesNumber = 400;
    std::string observerName; ///< a person observer (PN); empty = the device observer only
};

/// The measurements of a feature table, in its order: quantity (IBSI code,
/// "IBSI", feature name), the IBSI aggregation of texture features, the UCUM
/// unit of each stored unit symbol (radiomics::ucumUnitOfSymbol), the value
/// (NaN for a missing one). Throws rgw::Error naming the feature whose unit or
/// aggregation has no code.
std::vector<ReportMeasurement> reportMeasurements(const radiomics::FeatureTable& table);

/// The Procedure reported (CID 100) of an image series' Modality: CT, MR, PT
/// and NM "unspecified body region", else (363679005, SCT, "Imaging procedure").
CodedConcept procedureOfModality(const std::string& modality);

/// Writes `report` as an Enhanced SR Measurement Report (TID 1500, Imaging
/// Measurement Report) with DCMTK's dcmsr/cmr templates: observation context
/// (device observer = this program, plus a person observer when given),
/// procedure reported, an Image Library of every image of `images`, and per
/// ROI a TID 1411 group with tracking identifier and UID, finding, Referenced
/// Segment, source series and one measurement per feature, each with the
/// algorithm identification. Values are written as a Decimal String (16
/// characters) and, exactly, as a Floating Point Value (0040,A161). Patient and
/// study are those of `images`; the SR's series and SOP instance UIDs are new;
/// the image series and SEGs are listed as Current Requested Procedure
/// Evidence. Throws rgw::Error naming the file and the item DCMTK refused.
WrittenObject writeMeasurementReport(const std::filesystem::path& file,
                                     const ReferencedSeries& images,
                                     const MeasurementReport& report,
                                     const MeasurementReportOptions& options = {});

} // namespace rgw::dicom
