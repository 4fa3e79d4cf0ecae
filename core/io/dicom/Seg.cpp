#include "io/dicom/Seg.h"

#include "image/GeometryChecks.h"
#include "io/dicom/SeriesLoader.h"
#include "io/dicom/detail/Nesting.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

namespace rgw::dicom {
namespace {

std::string tagName(const DcmTagKey& key) {
    DcmTag tag(key);
    return std::string(tag.getTagName()) + " " + key.toString().c_str();
}

struct Context {
    std::string file;
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("SEG " + file + ": " + what);
    }
};

std::string getString(DcmItem& item, const DcmTagKey& key) {
    OFString value;
    if (item.findAndGetOFStringArray(key, value).bad())
        return {};
    return value.c_str();
}

DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequence) {
    DcmSequenceOfItems* seq = nullptr;
    if (item.findAndGetSequence(sequence, seq).bad() || !seq || seq->card() == 0)
        return nullptr;
    return seq->getItem(0);
}

/// A functional group macro for one frame: the per-frame item first, then the
/// shared one (PS3.3 C.7.6.16: a macro is in exactly one of them).
DcmItem* functionalGroup(DcmItem* perFrame, DcmItem* shared, const DcmTagKey& macro) {
    if (perFrame)
        if (DcmItem* found = firstItem(*perFrame, macro))
            return found;
    return shared ? firstItem(*shared, macro) : nullptr;
}

std::vector<double> getDoubles(DcmItem& item, const DcmTagKey& key, std::size_t count,
                               const Context& ctx, const std::string& where) {
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i) {
        Float64 v = 0;
        if (item.findAndGetFloat64(key, v, static_cast<unsigned long>(i)).bad() ||
            !std::isfinite(v))
            ctx.fail("missing or invalid " + tagName(key) + " (needs " + std::to_string(count) +
                     " values)" + where);
        values[i] = v;
    }
    return values;
}

void readSegments(DcmDataset& ds, Segmentation& seg, const Context& ctx) {
    DcmSequenceOfItems* segments = nullptr;
    if (ds.findAndGetSequence(DCM_SegmentSequence, segments).bad() || !segments ||
        segments->card() == 0)
        ctx.fail("missing or empty " + tagName(DCM_SegmentSequence));
    for (unsigned long s = 0; s < segments->card(); ++s) {
        DcmItem* item = segments->getItem(s);
        const std::string where =
            " in " + tagName(DCM_SegmentSequence) + " item " + std::to_string(s + 1);
        SegSegment segment;
        Uint16 number = 0;
        if (item->findAndGetUint16(DCM_SegmentNumber, number).bad())
            ctx.fail("missing " + tagName(DCM_SegmentNumber) + where);
        segment.segmentNumber = number;
        segment.segmentLabel = getString(*item, DCM_SegmentLabel);
        segment.segmentAlgorithmType = getString(*item, DCM_SegmentAlgorithmType);
        std::array<int, 3> lab{};
        bool hasLab = true;
        for (unsigned long c = 0; c < 3; ++c) {
            Uint16 v = 0;
            hasLab =
                hasLab && item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, v, c).good();
            lab[c] = v;
        }
        if (hasLab) {
            segment.displayColor = cielabToRgb(lab);
            segment.hasDisplayColor = true;
        }
        seg.segments.push_back(segment);
    }
}

void readFrames(DcmDataset& ds, Segmentation& seg, long frameCount, const Context& ctx) {
    DcmItem* shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    DcmSequenceOfItems* perFrame = nullptr;
    if (ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).bad() || !perFrame)
        ctx.fail("missing " + tagName(DCM_PerFrameFunctionalGroupsSequence));
    if (static_cast<long>(perFrame->card()) != frameCount)
        ctx.fail(tagName(DCM_PerFrameFunctionalGroupsSequence) + " has " +
                 std::to_string(perFrame->card()) + " items but " + tagName(DCM_NumberOfFrames) +
                 " is " + std::to_string(frameCount));

    for (unsigned long f = 0; f < perFrame->card(); ++f) {
        DcmItem* frameItem = perFrame->getItem(f);
        const std::string where = " for frame " + std::to_string(f + 1);
        SegFrame frame;
        DcmItem* ident = functionalGroup(frameItem, shared, DCM_SegmentIdentificationSequence);
        Uint16 number = 0;
        if (!ident || ident->findAndGetUint16(DCM_ReferencedSegmentNumber, number).bad())
            ctx.fail("missing " + tagName(DCM_SegmentIdentificationSequence) + " > " +
                     tagName(DCM_ReferencedSegmentNumber) + where);
        frame.referencedSegmentNumber = number;
        DcmItem* position = functionalGroup(frameItem, shared, DCM_PlanePositionSequence);
        if (!position)
            ctx.fail("missing " + tagName(DCM_PlanePositionSequence) + where);
        const auto ipp = getDoubles(*position, DCM_ImagePositionPatient, 3, ctx, where);
        for (const double x : ipp)
            requirePhysicalCoordinate(x, "SEG " + ctx.file,
                                      tagName(DCM_ImagePositionPatient) + where);
        frame.imagePositionPatient = {ipp[0], ipp[1], ipp[2]};
        seg.frames.push_back(frame);

        // Orientation and spacing: the first frame's must hold for all frames.
        DcmItem* orientation = functionalGroup(frameItem, shared, DCM_PlaneOrientationSequence);
        DcmItem* measures = functionalGroup(frameItem, shared, DCM_PixelMeasuresSequence);
        if (!orientation)
            ctx.fail("missing " + tagName(DCM_PlaneOrientationSequence) + where);
        if (!measures)
            ctx.fail("missing " + tagName(DCM_PixelMeasuresSequence) + where);
        const auto iop = getDoubles(*orientation, DCM_ImageOrientationPatient, 6, ctx, where);
        const auto spacing = getDoubles(*measures, DCM_PixelSpacing, 2, ctx, where);
        if (f == 0) {
            std::copy(iop.begin(), iop.end(), seg.imageOrientationPatient.begin());
            std::copy(spacing.begin(), spacing.end(), seg.pixelSpacing.begin());
        } else {
            for (std::size_t i = 0; i < 6; ++i)
                if (std::fabs(iop[i] - seg.imageOrientationPatient[i]) > 1e-4)
                    ctx.fail(tagName(DCM_ImageOrientationPatient) + where +
                             " differs from frame 1 (mixed orientations are not one grid)");
            for (std::size_t i = 0; i < 2; ++i)
                if (std::fabs(spacing[i] - seg.pixelSpacing[i]) > 1e-4)
                    ctx.fail(tagName(DCM_PixelSpacing) + where + " differs from frame 1");
        }
    }
}

// Bytes of Pixel Data that Rows × Columns × frames need: BINARY frames are
// 1-bit packed back to back, FRACTIONAL frames 8-bit.
std::uint64_t neededPixelBytes(const Segmentation& seg, std::uint64_t frameCount) {
    const std::uint64_t pixels = budget::product({frameCount, static_cast<std::uint64_t>(seg.rows),
                                                  static_cast<std::uint64_t>(seg.columns)});
    return seg.segmentationType == Segmentation::Type::Binary ? pixels / 8 + (pixels % 8 != 0)
                                                              : pixels;
}

std::string pixelDataShortage(const Segmentation& seg, std::size_t frameCount, std::uint64_t length,
                              std::uint64_t needed) {
    return tagName(DCM_PixelData) + " holds " + std::to_string(length) + " bytes; " +
           std::to_string(frameCount) + " frames of " + std::to_string(seg.rows) + " x " +
           std::to_string(seg.columns) + " need " + std::to_string(needed);
}

void readPixelData(DcmFileFormat& ff, Segmentation& seg, std::size_t frameCount,
                   const Context& ctx) {
    DcmDataset& ds = *ff.getDataset();
    const DcmXfer xfer(ds.getOriginalXfer());
    const std::uint64_t needed = neededPixelBytes(seg, frameCount);
    DcmElement* element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
        ctx.fail("missing " + tagName(DCM_PixelData));
    if (xfer.isEncapsulated()) {
        // Decompressing allocates what the header declares: the budget first
        // (the decompressed value plus our copy of it).
        budget::requireMemory(budget::product({needed, 2}), "SEG " + ctx.file,
                              "decompressing " + std::to_string(frameCount) + " frames of " +
                                  std::to_string(seg.rows) + " x " + std::to_string(seg.columns));
        // RLE (common for SEG), JPEG, JPEG-LS: decompress in memory.
        registerCodecs();
        if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad())
            ctx.fail(std::string("cannot decompress ") + tagName(DCM_PixelData) +
                     " (transfer syntax " + xfer.getXferName() + ")");
    } else if (element->getLength() < needed) {
        // Native: the element length is known before its value is loaded.
        ctx.fail(pixelDataShortage(seg, frameCount, element->getLength(), needed));
    }
    budget::requireMemory(needed, "SEG " + ctx.file,
                          std::to_string(frameCount) + " frames of " + std::to_string(seg.rows) +
                              " x " + std::to_string(seg.columns));
    const Uint8* bytes = nullptr;
    unsigned long length = 0;
    if (ds.findAndGetUint8Array(DCM_PixelData, bytes, &length).bad() || !bytes)
        ctx.fail("missing " + tagName(DCM_PixelData));
    if (length < needed)
        ctx.fail(pixelDataShortage(seg, frameCount, length, needed));
    seg.pixelData.assign(bytes, bytes + needed);
}

} // namespace

std::array<int, 3> cielabToRgb(const std::array<int, 3>& scaledLab) {
    const double L = scaledLab[0] * 100.0 / 65535.0;
    const double a = scaledLab[1] * 255.0 / 65535.0 - 128.0;
    const double b = scaledLab[2] * 255.0 / 65535.0 - 128.0;
    // CIELab -> XYZ (reference white D65), then XYZ -> linear sRGB -> gamma.
    const double fy = (L + 16.0) / 116.0, fx = fy + a / 500.0, fz = fy - b / 200.0;
    const auto finv = [](double t) {
        return t * t * t > 0.008856 ? t * t * t : (t - 16.0 / 116.0) / 7.787;
    };
    const double X = 0.95047 * finv(fx), Y = finv(fy), Z = 1.08883 * finv(fz);
    const double lin[3] = {3.2406 * X - 1.5372 * Y - 0.4986 * Z,
                           -0.9689 * X + 1.8758 * Y + 0.0415 * Z,
                           0.0557 * X - 0.2040 * Y + 1.0570 * Z};
    std::array<int, 3> rgb{};
    for (std::size_t c = 0; c < 3; ++c) {
        const double v =
            lin[c] > 0.0031308 ? 1.055 * std::pow(lin[c], 1.0 / 2.4) - 0.055 : 12.92 * lin[c];
        rgb[c] = static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
    }
    return rgb;
}

Segmentation readSegmentation(const std::filesystem::path& path) {
    const Context ctx{path.string()};
    DcmFileFormat ff;
    detail::requireBoundedNesting(path);
    const OFCondition status = ff.loadFile(path.string().c_str());
    if (status.bad())
        ctx.fail(std::string("cannot read as DICOM (") + status.text() + ")");
    DcmDataset& ds = *ff.getDataset();
    const std::string sopClass = getString(ds, DCM_SOPClassUID);
    if (sopClass != UID_SegmentationStorage)
        ctx.fail("SOP Class UID (0008,0016) is \"" + sopClass + "\", not Segmentation Storage (" +
                 UID_SegmentationStorage + ")");

    Segmentation seg;
    seg.file = path;
    seg.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    seg.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);
    if (DcmItem* ref = firstItem(ds, DCM_ReferencedSeriesSequence))
        seg.referencedSeriesInstanceUid = getString(*ref, DCM_SeriesInstanceUID);

    const std::string type = getString(ds, DCM_SegmentationType);
    if (type == "BINARY") {
        seg.segmentationType = Segmentation::Type::Binary;
    } else if (type == "FRACTIONAL") {
        seg.segmentationType = Segmentation::Type::Fractional;
        Uint16 maxValue = 0;
        if (ds.findAndGetUint16(DCM_MaximumFractionalValue, maxValue).bad() || maxValue == 0)
            ctx.fail("missing or zero " + tagName(DCM_MaximumFractionalValue));
        seg.maximumFractionalValue = maxValue;
    } else {
        ctx.fail(tagName(DCM_SegmentationType) + " is \"" + type +
                 "\", expected BINARY or FRACTIONAL");
    }
    Uint16 bitsAllocated = 0, rows = 0, columns = 0;
    ds.findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
    const Uint16 expectedBits = seg.segmentationType == Segmentation::Type::Binary ? 1 : 8;
    if (bitsAllocated != expectedBits)
        ctx.fail(tagName(DCM_BitsAllocated) + " is " + std::to_string(bitsAllocated) + ", " + type +
                 " segmentations use " + std::to_string(expectedBits));
    if (ds.findAndGetUint16(DCM_Rows, rows).bad() || rows == 0)
        ctx.fail("missing or zero " + tagName(DCM_Rows));
    if (ds.findAndGetUint16(DCM_Columns, columns).bad() || columns == 0)
        ctx.fail("missing or zero " + tagName(DCM_Columns));
    seg.rows = rows;
    seg.columns = columns;
    Sint32 frames = 0;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1)
        ctx.fail("missing or invalid " + tagName(DCM_NumberOfFrames));

    readSegments(ds, seg, ctx);
    readFrames(ds, seg, frames, ctx);
    readPixelData(ff, seg, static_cast<std::size_t>(frames), ctx);
    return seg;
}

Mask decodeSegment(const Segmentation& seg, int segmentNumber, const Geometry& grid) {
    const Context ctx{seg.file.string()};
    if (std::none_of(seg.segments.begin(), seg.segments.end(),
                     [&](const SegSegment& s) { return s.segmentNumber == segmentNumber; }))
        ctx.fail("no segment with " + tagName(DCM_SegmentNumber) + " " +
                 std::to_string(segmentNumber));
    if (grid.size[0] != seg.columns || grid.size[1] != seg.rows)
        ctx.fail("frames are " + std::to_string(seg.columns) + " x " + std::to_string(seg.rows) +
                 " (columns x rows) but the referenced image is " + std::to_string(grid.size[0]) +
                 " x " + std::to_string(grid.size[1]));
    // Frame axes must be the grid's i and j axes, with the same pixel size.
    const Eigen::Vector3d rowDir(seg.imageOrientationPatient[0], seg.imageOrientationPatient[1],
                                 seg.imageOrientationPatient[2]);
    const Eigen::Vector3d colDir(seg.imageOrientationPatient[3], seg.imageOrientationPatient[4],
                                 seg.imageOrientationPatient[5]);
    if ((rowDir - grid.direction.col(0)).cwiseAbs().maxCoeff() > 1e-3 ||
        (colDir - grid.direction.col(1)).cwiseAbs().maxCoeff() > 1e-3)
        ctx.fail(tagName(DCM_ImageOrientationPatient) +
                 " of the frames differs from the referenced image's orientation");
    // Pixel Spacing is (row spacing = along j, column spacing = along i).
    if (std::fabs(seg.pixelSpacing[0] - grid.spacing[1]) > 1e-3 ||
        std::fabs(seg.pixelSpacing[1] - grid.spacing[0]) > 1e-3)
        ctx.fail(tagName(DCM_PixelSpacing) + " of the frames differs from the referenced image's");

    Mask mask(grid, 0);
    const std::size_t framePixels =
        static_cast<std::size_t>(seg.rows) * static_cast<std::size_t>(seg.columns);
    const double threshold = 0.5 * seg.maximumFractionalValue;
    const double toleranceMm = 0.01;
    for (std::size_t f = 0; f < seg.frames.size(); ++f) {
        const SegFrame& frame = seg.frames[f];
        if (frame.referencedSegmentNumber != segmentNumber)
            continue;
        const Eigen::Vector3d ipp(frame.imagePositionPatient[0], frame.imagePositionPatient[1],
                                  frame.imagePositionPatient[2]);
        const Eigen::Vector3d index = grid.continuousIndex(ipp);
        const double k = std::round(index[2]);
        if (std::fabs(index[0]) * grid.spacing[0] > toleranceMm ||
            std::fabs(index[1]) * grid.spacing[1] > toleranceMm ||
            std::fabs(index[2] - k) * grid.spacing[2] > toleranceMm || k < 0 ||
            k >= static_cast<double>(grid.size[2]))
            ctx.fail("frame " + std::to_string(f + 1) + " " + tagName(DCM_ImagePositionPatient) +
                     " does not lie on a slice of the "
                     "referenced image");
        std::uint8_t* slice = mask.voxels.data() + static_cast<std::size_t>(k) * framePixels;
        for (std::size_t p = 0; p < framePixels; ++p) {
            bool inside;
            if (seg.segmentationType == Segmentation::Type::Binary) {
                // PS3.5 8.1.1: 1-bit pixels packed without gaps, first pixel in the lowest bit.
                const std::size_t bit = f * framePixels + p;
                inside = (seg.pixelData[bit / 8] >> (bit % 8)) & 1u;
            } else {
                inside = seg.pixelData[f * framePixels + p] >= threshold;
            }
            if (inside)
                slice[p] = 1; // frames of one segment on one slice are united
        }
    }
    return mask;
}

} // namespace rgw::dicom
