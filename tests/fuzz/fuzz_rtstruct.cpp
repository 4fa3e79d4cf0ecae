// Fuzz target: the RTSTRUCT reader (rgw::dicom::readRtStruct) and the
// rasterisation of every ROI (rgw::dicom::rasterise) onto a small 24 × 24 × 12
// grid of 2 mm voxels placed around the first contour point (so seed
// contours land on it; any point that is not a physical coordinate leaves
// the grid at a fixed place). Seeds: RTSTRUCTs written by writeRtStruct and
// the STS / IBSI CT phantom RS files from the shared data. A bug: a crash, a
// sanitizer report, an exception other than rgw::Error, > 2 GB RSS or > 15 s.

#include "FuzzSupport.h"
#include "image/GeometryChecks.h"
#include "io/dicom/RtStruct.h"
#include "util/Error.h"

namespace {

rgw::Geometry gridAround(const rgw::dicom::RtStructSet& set) {
    rgw::Geometry g;
    g.size = {24, 24, 12};
    g.spacing = {2.0, 2.0, 2.0};
    g.origin = {-24.0, -24.0, -12.0};
    for (const auto& roi : set.rois)
        for (const auto& contour : roi.contours)
            for (const auto& p : contour) {
                if (rgw::isPhysicalCoordinate(p[0]) && rgw::isPhysicalCoordinate(p[1]) &&
                    rgw::isPhysicalCoordinate(p[2]))
                    g.origin += Eigen::Vector3d(p[0], p[1], p[2]);
                return g;
            }
    return g;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    try {
        const auto file = rgw::fuzz::writeScratch("rs.dcm", data, size);
        const rgw::dicom::RtStructSet set = rgw::dicom::readRtStruct(file);
        const rgw::Geometry grid = gridAround(set);
        for (const auto& roi : set.rois)
            (void)rgw::dicom::rasterise(roi, grid);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
