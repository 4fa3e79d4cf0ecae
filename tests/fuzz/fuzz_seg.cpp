// Fuzz target: the DICOM Segmentation reader (rgw::dicom::readSegmentation)
// and the decoding of every segment (rgw::dicom::decodeSegment) onto the grid
// the object itself describes (rows × columns, orientation, pixel spacing,
// frame positions; at most 64 slices), as the application decodes a SEG on
// its referenced series. A grid that is not physical (GeometryChecks.h) is
// refused like a bad file. Seeds: SEGs written by writeSegmentation. A bug: a
// crash, a sanitizer report, an exception other than rgw::Error, > 2 GB RSS
// or > 15 s.

#include "FuzzSupport.h"
#include "image/GeometryChecks.h"
#include "io/dicom/Seg.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <vector>

namespace {

/// The grid of the SEG's frames, or size 0 when it has none or is too large
/// to decode quickly.
rgw::Geometry gridOf(const rgw::dicom::Segmentation& seg) {
    rgw::Geometry g;
    g.size = {0, 0, 0};
    if (seg.frames.empty() || seg.rows <= 0 || seg.columns <= 0)
        return g;
    // Values from the file: keep NaNs out of the sort below (a harness bug).
    for (const double v : seg.imageOrientationPatient)
        if (!rgw::isPhysicalCoordinate(v))
            return g;
    for (const auto& frame : seg.frames)
        for (const double v : frame.imagePositionPatient)
            if (!rgw::isPhysicalCoordinate(v))
                return g;
    const auto& o = seg.imageOrientationPatient;
    const Eigen::Vector3d row(o[0], o[1], o[2]);
    const Eigen::Vector3d column(o[3], o[4], o[5]);
    const Eigen::Vector3d normal = row.cross(column);
    g.direction.col(0) = row;
    g.direction.col(1) = column;
    g.direction.col(2) = normal;
    std::vector<double> along;
    for (const auto& frame : seg.frames) {
        const auto& p = frame.imagePositionPatient;
        along.push_back(normal.dot(Eigen::Vector3d(p[0], p[1], p[2])));
    }
    const auto first = std::min_element(along.begin(), along.end()) - along.begin();
    std::sort(along.begin(), along.end());
    double step = 0;
    for (std::size_t i = 1; i < along.size(); ++i)
        if (along[i] - along[i - 1] > 1e-3 && (step == 0 || along[i] - along[i - 1] < step))
            step = along[i] - along[i - 1];
    const double slices = step > 0 ? std::round((along.back() - along.front()) / step) + 1 : 1;
    if (!(slices >= 1 && slices <= 64))
        return g;
    const auto& p0 = seg.frames[static_cast<std::size_t>(first)].imagePositionPatient;
    g.origin = {p0[0], p0[1], p0[2]};
    g.spacing = {seg.pixelSpacing[1], seg.pixelSpacing[0], step > 0 ? step : 1.0};
    g.size = {seg.columns, seg.rows, static_cast<std::int64_t>(slices)};
    return g;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    try {
        const auto file = rgw::fuzz::writeScratch("seg.dcm", data, size);
        const rgw::dicom::Segmentation seg = rgw::dicom::readSegmentation(file);
        const rgw::Geometry grid = gridOf(seg);
        if (grid.voxelCount() == 0 || grid.voxelCount() > (1u << 22))
            return 0;
        rgw::requirePhysicalGeometry(grid, "fuzzed SEG grid");
        for (const auto& segment : seg.segments)
            (void)rgw::dicom::decodeSegment(seg, segment.segmentNumber, grid);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
