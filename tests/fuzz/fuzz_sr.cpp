// Fuzz target: the DICOM SR TID 1500 Measurement Report reader
// (rgw::dicom::readMeasurementReport), which reads radiomic features back
// from files written by this or another program. Seeds: reports written by
// writeMeasurementReport (one and two ROIs, a missing value, an HU and a
// dimensionless feature). A bug: a crash, a sanitizer report, an exception
// other than rgw::Error, > 2 GB RSS or > 15 s, or a report that breaks the
// invariants checked below (fuzz::fail).

#include "FuzzSupport.h"
#include "io/dicom/MeasurementReportReader.h"
#include "util/Error.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    try {
        const auto file = rgw::fuzz::writeScratch("sr.dcm", data, size);
        const rgw::dicom::MeasurementReport report = rgw::dicom::readMeasurementReport(file);
        for (const auto& roi : report.rois)
            for (const auto& m : roi.measurements) {
                // A number is finite; a value without one (NaN, ±infinity from
                // its qualifier) has no unit.
                if (!std::isfinite(m.value) && !m.unit.value.empty())
                    rgw::fuzz::fail("a non-finite measurement read back with a unit");
            }
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
