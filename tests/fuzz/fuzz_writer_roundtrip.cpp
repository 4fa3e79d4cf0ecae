// Fuzz target: the DICOM writers' round trip. The bytes give a small grid (up
// to 8 × 8 × 8, axial, anisotropic or oblique) and one or two masks on it (a
// bit per voxel); each mask is written as a SEG segment (writeSegmentation)
// and as an RTSTRUCT ROI (writeRtStruct) referencing a synthetic CT series on
// the grid, read back (readSegmentation + decodeSegment, readRtStruct +
// rasterise) and compared voxel by voxel. A bug: the writer refusing a valid
// mask, a read-back that differs from what was written (the target aborts
// naming it), a crash, a sanitizer report, or any exception.

#include "FuzzSupport.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/RtStructWriter.h"
#include "io/dicom/Seg.h"
#include "io/dicom/SegWriter.h"
#include "util/Error.h"

#include <string>
#include <vector>

namespace {

rgw::dicom::ReferencedSeries syntheticSeries(const rgw::Geometry& g) {
    rgw::dicom::ReferencedSeries r;
    r.patientName = "Fuzz^Roundtrip";
    r.patientId = "FUZZ01";
    r.studyInstanceUid = "1.2.826.0.1.3680043.8.498.10";
    r.studyDate = "20240102";
    r.studyTime = "100000";
    r.studyId = "1";
    r.seriesInstanceUid = "1.2.826.0.1.3680043.8.498.11";
    r.modality = "CT";
    r.frameOfReferenceUid = "1.2.826.0.1.3680043.8.498.12";
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        r.slices.push_back({"1.2.840.10008.5.1.4.1.1.2",
                            "1.2.826.0.1.3680043.8.498.13." + std::to_string(k + 1), 0});
    return r;
}

std::string where(const std::string& writer, std::size_t index, const rgw::Geometry& g) {
    return writer + " round trip, mask " + std::to_string(index + 1) + " on " +
           std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" +
           std::to_string(g.size[2]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    rgw::fuzz::ByteReader in(data, size);
    const rgw::Geometry g = rgw::fuzz::smallGrid(in, 8, true);
    std::vector<rgw::Mask> masks(1 + in.byte() % 2, rgw::Mask(g, 0));
    for (auto& mask : masks)
        for (auto& v : mask.voxels)
            v = in.bit() ? 1 : 0;
    const auto referenced = syntheticSeries(g);
    try {
        std::vector<rgw::dicom::SegmentToWrite> segments;
        std::vector<rgw::dicom::RoiToWrite> rois;
        for (std::size_t m = 0; m < masks.size(); ++m) {
            rgw::dicom::SegmentToWrite segment;
            segment.label = "Segment " + std::to_string(m + 1);
            segment.mask = &masks[m];
            segments.push_back(segment);
            rois.push_back({"ROI " + std::to_string(m + 1), {255, 0, 0}, &masks[m], true});
        }

        const auto segFile = rgw::fuzz::scratchDir() / "roundtrip-seg.dcm";
        (void)rgw::dicom::writeSegmentation(segFile, referenced, segments);
        const auto seg = rgw::dicom::readSegmentation(segFile);
        if (seg.segments.size() != masks.size())
            rgw::fuzz::fail(where("SEG", 0, g) + ": segment count differs");
        for (std::size_t m = 0; m < masks.size(); ++m)
            if (rgw::dicom::decodeSegment(seg, seg.segments[m].segmentNumber, g).voxels !=
                masks[m].voxels)
                rgw::fuzz::fail(where("SEG", m, g) + ": decoded mask differs");

        const auto rtFile = rgw::fuzz::scratchDir() / "roundtrip-rt.dcm";
        (void)rgw::dicom::writeRtStruct(rtFile, referenced, rois);
        const auto set = rgw::dicom::readRtStruct(rtFile);
        if (set.rois.size() != masks.size())
            rgw::fuzz::fail(where("RTSTRUCT", 0, g) + ": ROI count differs");
        for (std::size_t m = 0; m < masks.size(); ++m)
            if (rgw::dicom::rasterise(set.rois[m], g).voxels != masks[m].voxels)
                rgw::fuzz::fail(where("RTSTRUCT", m, g) + ": rasterised mask differs");
    } catch (const rgw::Error& e) {
        rgw::fuzz::fail(where("writer", 0, g) + " refused a valid mask: " + e.what());
    }
    return 0;
}
