#pragma once

#include "io/dicom/MeasurementReport.h"

#include <filesystem>

namespace rgw::dicom {

/// Reads a TID 1500 Measurement Report written by writeMeasurementReport (or
/// any TID 1500 report whose groups are TID 1411 Volumetric ROI
/// Measurements): the image library, each group's tracking identifiers,
/// finding, referenced segment and source series, and each measurement's
/// quantity, aggregation modifier, value (the Floating Point Value when
/// present, else the Decimal String; NaN/infinities from the Numeric Value
/// Qualifier) and unit, and the algorithm identification of the first
/// measurement. Throws rgw::Error naming the file when it is not DICOM, not
/// an SR, or an SR of another template (naming the template it has).
MeasurementReport readMeasurementReport(const std::filesystem::path& file);

} // namespace rgw::dicom
