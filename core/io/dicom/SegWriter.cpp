#include "io/dicom/SegWriter.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/FunctionalGroups.h"
#include "util/Error.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <memory>

namespace rgw::dicom {
namespace {

using detail::newUid;

using Context = detail::WriteErrors;

/// The sRGB <-> linear-RGB <-> XYZ matrix cielabToRgb uses, so the two are inverse.
Eigen::Matrix3d xyzToLinearRgb() {
    Eigen::Matrix3d m;
    m << 3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.2040, 1.0570;
    return m;
}

void setIdentity(DcmSegmentation& seg, const ReferencedSeries& ref, const WrittenObject& uids,
                 const DerivedObjectOptions& options, const Context& ctx) {
    IODPatientModule& patient = seg.getPatient();
    patient.setPatientName(ref.patientName, OFFalse);
    patient.setPatientID(ref.patientId, OFFalse);
    patient.setPatientBirthDate(ref.patientBirthDate, OFFalse);
    patient.setPatientSex(ref.patientSex, OFFalse);
    IODGeneralStudyModule& study = seg.getStudy();
    ctx.check(study.setStudyInstanceUID(ref.studyInstanceUid), "Study Instance UID");
    study.setStudyDate(ref.studyDate, OFFalse);
    study.setStudyTime(ref.studyTime, OFFalse);
    study.setStudyID(ref.studyId, OFFalse);
    study.setAccessionNumber(ref.accessionNumber, OFFalse);
    study.setReferringPhysicianName(ref.referringPhysicianName, OFFalse);
    ctx.check(seg.getSeries().setSeriesInstanceUID(uids.seriesInstanceUid), "Series Instance UID");
    seg.getSeries().setSeriesDescription(options.seriesDescription, OFFalse);
    ctx.check(seg.getSegmentationSeriesModule().setSeriesNumber(
                  std::to_string(options.seriesNumber).c_str()),
              "Series Number");
    ctx.check(seg.getSOPCommon().setSOPInstanceUID(uids.sopInstanceUid), "SOP Instance UID");
    ctx.check(seg.getFrameOfReference().setFrameOfReferenceUID(ref.frameOfReferenceUid),
              "Frame of Reference UID");
}

void addSegment(DcmSegmentation& seg, const SegmentToWrite& s, std::size_t index,
                const Context& ctx) {
    const std::string where = "segment " + std::to_string(index + 1) + " ('" + s.label + "')";
    if (!s.manual && s.algorithmName.empty())
        ctx.fail(where + ": a SEMIAUTOMATIC segment needs its Segment Algorithm Name");
    DcmSegment* raw = nullptr;
    ctx.check(DcmSegment::create(
                  raw, s.label.c_str(),
                  CodeSequenceMacro(s.category.value, s.category.scheme, s.category.meaning),
                  CodeSequenceMacro(s.type.value, s.type.scheme, s.type.meaning),
                  s.manual ? DcmSegTypes::SAT_MANUAL : DcmSegTypes::SAT_SEMIAUTOMATIC,
                  s.manual ? "" : s.algorithmName.c_str()),
              where);
    std::unique_ptr<DcmSegment> segment(raw);
    const auto lab = rgbToCielab(s.colour);
    ctx.check(segment->setRecommendedDisplayCIELabValue(static_cast<Uint16>(lab[0]),
                                                        static_cast<Uint16>(lab[1]),
                                                        static_cast<Uint16>(lab[2])),
              where + " Recommended Display CIELab Value");
    Uint16 number = 0;
    ctx.check(seg.addSegment(segment.get(), number), where);
    segment.release(); // owned by the segmentation now
    if (number != index + 1)
        ctx.fail(where + " was numbered " + std::to_string(number));
}

void addSharedGroups(DcmSegmentation& seg, const Geometry& g, const Context& ctx) {
    ctx.check(seg.addForAllFrames(detail::pixelMeasures(g, ctx)), "Pixel Measures");
    ctx.check(seg.addForAllFrames(*detail::planeOrientation(g, ctx)), "Plane Orientation");
}

/// Derivation Image > Source Image: the image of slice k (its frame, if multi-frame).
std::unique_ptr<FGDerivationImage> derivationOf(const ReferencedImage& image, const Context& ctx) {
    OFVector<ImageSOPInstanceReferenceMacro> sources(1);
    detail::setSourceImage(sources[0], image, ctx);
    std::unique_ptr<FGDerivationImage> fg(
        DcmSegmentation::createDerivationImageFG(sources, "Segmentation drawn on this image"));
    if (!fg)
        ctx.fail("cannot create the Derivation Image functional group for image " +
                 image.sopInstanceUid);
    return fg;
}

/// 1-bit frames packed back to back without padding, first pixel in the
/// lowest bit (PS3.5 8.1.1, 8.2). Done here because DCMTK 3.6.7 misplaces
/// the bits of frames whose pixel count is not a multiple of 8.
struct BinaryPixelData {
    std::vector<Uint8> bytes;
    std::size_t bits = 0;
    void append(const std::vector<Uint8>& frame) {
        bytes.resize((bits + frame.size() + 7) / 8, 0);
        for (std::size_t p = 0; p < frame.size(); ++p, ++bits)
            if (frame[p])
                bytes[bits / 8] = static_cast<Uint8>(bytes[bits / 8] | (1u << (bits % 8)));
    }
};

void addFrame(DcmSegmentation& seg, const Geometry& g, std::int64_t k, Uint16 segmentNumber,
              std::vector<Uint8>& pixels, const ReferencedImage& image, BinaryPixelData& packed,
              const Context& ctx) {
    const auto position = detail::planePosition(g, k, ctx);
    FGFrameContent content;
    // Dimension indices: (Referenced Segment Number, slice), as declared in writeSegmentation.
    ctx.check(content.setDimensionIndexValues(segmentNumber, 0), "Dimension Index Values");
    ctx.check(content.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1),
              "Dimension Index Values");
    const auto derivation = derivationOf(image, ctx);
    OFVector<FGBase*> perFrame;
    perFrame.push_back(position.get());
    perFrame.push_back(&content);
    perFrame.push_back(derivation.get());
    ctx.check(seg.addFrame(pixels.data(), segmentNumber, perFrame),
              "frame of segment " + std::to_string(segmentNumber) + " on slice " +
                  std::to_string(k));
    packed.append(pixels);
}

} // namespace

std::array<int, 3> rgbToCielab(const std::array<int, 3>& rgb) {
    Eigen::Vector3d linear;
    for (int c = 0; c < 3; ++c) {
        const double v = std::clamp(rgb[static_cast<std::size_t>(c)], 0, 255) / 255.0;
        linear[c] = v > 0.04045 ? std::pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }
    const Eigen::Vector3d xyz = xyzToLinearRgb().inverse() * linear;
    // XYZ -> CIELab, reference white D65 (Xn 0.95047, Yn 1, Zn 1.08883).
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    const double fx = f(xyz[0] / 0.95047), fy = f(xyz[1]), fz = f(xyz[2] / 1.08883);
    const double L = 116.0 * fy - 16.0, a = 500.0 * (fx - fy), b = 200.0 * (fy - fz);
    // PS3.3 C.10.7.1.1: L 0..100 -> 0..65535, a and b -128..127 -> 0..65535.
    const auto scale = [](double v, double lo, double hi) {
        return static_cast<int>(std::lround(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535.0));
    };
    return {scale(L, 0.0, 100.0), scale(a, -128.0, 127.0), scale(b, -128.0, 127.0)};
}

WrittenObject writeSegmentation(const std::filesystem::path& file,
                                const ReferencedSeries& referenced,
                                const std::vector<SegmentToWrite>& segments,
                                const DerivedObjectOptions& options) {
    const Context ctx{"SEG", file.string()};
    if (segments.empty())
        ctx.fail("no segments to write");
    for (std::size_t s = 0; s < segments.size(); ++s)
        if (!segments[s].mask || segments[s].mask->empty())
            ctx.fail("segment " + std::to_string(s + 1) + " ('" + segments[s].label +
                     "') has no mask");
    const Geometry& g = segments.front().mask->geometry;
    for (const SegmentToWrite& s : segments)
        if (!s.mask->geometry.sameGrid(g))
            ctx.fail("segment '" + s.label + "' is not on the grid of segment '" +
                     segments.front().label + "'");
    if (static_cast<std::int64_t>(referenced.slices.size()) != g.size[2])
        ctx.fail("the referenced series " + referenced.seriesInstanceUid + " has " +
                 std::to_string(referenced.slices.size()) + " slices but the masks " +
                 std::to_string(g.size[2]));
    if (g.size[0] > 65535 || g.size[1] > 65535)
        ctx.fail("frames larger than 65535 pixels a side");

    WrittenObject uids{newUid(), newUid()};
    IODGeneralEquipmentModule::EquipmentInfo equipment("Radiogenomics Workstation", "rgw", "0",
                                                       RGW_VERSION);
    ContentIdentificationMacro content("1", options.contentLabel.c_str(),
                                       options.contentDescription.c_str(),
                                       options.contentCreatorName.c_str());
    DcmSegmentation* raw = nullptr;
    ctx.check(DcmSegmentation::createBinarySegmentation(raw, static_cast<Uint16>(g.size[1]),
                                                        static_cast<Uint16>(g.size[0]), equipment,
                                                        content),
              "cannot create the segmentation");
    std::unique_ptr<DcmSegmentation> seg(raw);
    setIdentity(*seg, clippedToValueLengths(referenced), uids, options, ctx);
    // Frames are organised by segment, then by slice position (as dcmqi does).
    const std::string dimensionUid = newUid();
    ctx.check(seg->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid,
                                                     DCM_SegmentIdentificationSequence,
                                                     "ReferencedSegmentNumber"),
              "Dimension Index (segment)");
    ctx.check(seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient, dimensionUid,
                                                     DCM_PlanePositionSequence,
                                                     "ImagePositionPatient"),
              "Dimension Index (position)");
    addSharedGroups(*seg, g, ctx);

    const std::size_t slicePixels =
        static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
    std::vector<Uint8> pixels(slicePixels);
    BinaryPixelData packed;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        addSegment(*seg, segments[s], s, ctx);
        const auto number = static_cast<Uint16>(s + 1);
        const std::vector<std::uint8_t>& voxels = segments[s].mask->voxels;
        bool wroteAny = false;
        for (std::int64_t k = 0; k < g.size[2]; ++k) {
            const auto first = voxels.begin() + static_cast<std::ptrdiff_t>(
                                                    static_cast<std::size_t>(k) * slicePixels);
            const auto last = first + static_cast<std::ptrdiff_t>(slicePixels);
            if (std::all_of(first, last, [](std::uint8_t v) { return v == 0; }))
                continue;
            std::transform(first, last, pixels.begin(),
                           [](std::uint8_t v) { return static_cast<Uint8>(v ? 1 : 0); });
            addFrame(*seg, g, k, number, pixels, referenced.slices[static_cast<std::size_t>(k)],
                     packed, ctx);
            wroteAny = true;
        }
        if (!wroteAny) { // an empty segment keeps one empty frame so it is still listed
            std::fill(pixels.begin(), pixels.end(), Uint8{0});
            addFrame(*seg, g, 0, number, pixels, referenced.slices.front(), packed, ctx);
        }
    }

    IODReferences references;
    for (const ReferencedImage& image : referenced.slices)
        if (image.frameNumber <= 1) // a multi-frame instance is referenced once
            references.add(new IODImageReference(
                referenced.patientId.c_str(), referenced.studyInstanceUid.c_str(),
                referenced.seriesInstanceUid.c_str(), image.sopInstanceUid.c_str(),
                image.sopClassUid.c_str()));
    if (references.size() == 0)
        ctx.fail("the referenced series " + referenced.seriesInstanceUid + " has no images");
    if (seg->getCommonInstanceReference().addReferences(
            references, referenced.studyInstanceUid.c_str()) != references.size())
        ctx.fail("cannot write the Referenced Series Sequence of series " +
                 referenced.seriesInstanceUid);
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    DcmFileFormat ff;
    ctx.check(seg->writeDataset(*ff.getDataset()), "cannot build the dataset");
    ctx.check(
        ff.getDataset()->putAndInsertUint8Array(DCM_PixelData, packed.bytes.data(),
                                                static_cast<unsigned long>(packed.bytes.size())),
        "Pixel Data");
    ctx.check(ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit),
              "cannot write the file");
    return uids;
}

} // namespace rgw::dicom
