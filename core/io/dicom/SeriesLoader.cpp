#include "io/dicom/SeriesLoader.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/PixelValues.h"
#include "io/dicom/detail/SliceStack.h"
#include "io/dicom/detail/SopClass.h"
#include "io/dicom/detail/Suv.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <mutex>

namespace fs = std::filesystem;

namespace rgw::dicom {

const char* toString(GeometryFinding::Kind kind) {
    using Kind = GeometryFinding::Kind;
    switch (kind) {
    case Kind::IrregularSpacing:
        return "irregular spacing";
    case Kind::MissingSlices:
        return "missing slices";
    case Kind::GantryTilt:
        return "gantry tilt";
    case Kind::MixedOrientation:
        return "mixed orientation";
    case Kind::DuplicatePosition:
        return "duplicate position";
    case Kind::MixedSize:
        return "mixed size";
    }
    return "unknown finding";
}

void registerCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

namespace {

using detail::firstItem;
using detail::getDouble;
using detail::getDoubles;
using detail::getInt;
using detail::getString;

// One frame of one file, with what it takes to place and scale it.
struct Frame {
    std::size_t file = 0;
    unsigned frame = 0; ///< 0-based frame number within the file
    detail::SlicePlacement placement;
    double slope = 1;
    double intercept = 0;
    std::string rescaleType;
};

struct FileInfo {
    fs::path path;
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
    std::string modality;
    detail::PixelFormat format;
    std::vector<Frame> frames;
    detail::SuvConversion suv;
    std::optional<double> stackSpacing; ///< Spacing Between Slices / Slice Thickness
};

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
    throw Error(file.string() + ": " + what);
}

int requireInt(DcmItem& ds, const DcmTagKey& tag, const fs::path& file) {
    if (auto v = getInt(ds, tag))
        return *v;
    fail(file, "missing " + detail::tagName(tag));
}

// The first item of a functional group macro: per-frame item first, then shared.
DcmItem* functionalGroup(DcmItem* perFrame, DcmItem* shared, const DcmTagKey& sequence) {
    if (perFrame)
        if (DcmItem* item = firstItem(*perFrame, sequence))
            return item;
    return shared ? firstItem(*shared, sequence) : nullptr;
}

// Fills position, orientation, spacing and rescale from an item holding them
// directly (classic images) or from functional group items (enhanced).
void readPlacement(DcmItem* position, DcmItem* orientation, DcmItem* measures,
                   const std::string& where, Frame& f) {
    const auto ipp =
        position ? getDoubles(*position, DCM_ImagePositionPatient) : std::vector<double>{};
    const auto iop =
        orientation ? getDoubles(*orientation, DCM_ImageOrientationPatient) : std::vector<double>{};
    const auto spacing = measures ? getDoubles(*measures, DCM_PixelSpacing) : std::vector<double>{};
    if (ipp.size() != 3)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_ImagePositionPatient));
    if (iop.size() != 6)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_ImageOrientationPatient));
    if (spacing.size() != 2 || spacing[0] <= 0 || spacing[1] <= 0)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_PixelSpacing));
    f.placement.position = {ipp[0], ipp[1], ipp[2]};
    f.placement.rowCosine = {iop[0], iop[1], iop[2]};
    f.placement.columnCosine = {iop[3], iop[4], iop[5]};
    f.placement.rowSpacing = spacing[0];
    f.placement.columnSpacing = spacing[1];
    f.placement.where = where;
}

void readRescale(DcmItem* item, Frame& f) {
    if (!item)
        return;
    f.slope = getDouble(*item, DCM_RescaleSlope).value_or(1.0);
    f.intercept = getDouble(*item, DCM_RescaleIntercept).value_or(0.0);
    f.rescaleType = getString(*item, DCM_RescaleType);
}

bool isJpeg2000(const std::string& uid) {
    return uid == UID_JPEG2000LosslessOnlyTransferSyntax || uid == UID_JPEG2000TransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax;
}

FileInfo readFileInfo(const fs::path& path, std::size_t fileIndex) {
    // Values longer than DCM_MaxReadLength (the pixel data) stay on disk.
    DcmFileFormat ff;
    const OFCondition status = ff.loadFile(path.string().c_str());
    if (status.bad())
        fail(path, std::string("cannot read DICOM header (") + status.text() + ")");
    DcmDataset& ds = *ff.getDataset();

    std::string xfer = getString(*ff.getMetaInfo(), DCM_TransferSyntaxUID);
    if (xfer.empty())
        xfer = DcmXfer(ds.getOriginalXfer()).getXferID();
    if (isJpeg2000(xfer))
        fail(path, "unsupported transfer syntax JPEG 2000 (" + xfer + ")");

    FileInfo info;
    info.path = path;
    const std::string sopClass = getString(ds, DCM_SOPClassUID);
    if (detail::objectKindOf(sopClass) != ObjectKind::Image)
        fail(path, "not an image (SOP Class UID " + sopClass + ")");
    info.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    info.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
    info.modality = getString(ds, DCM_Modality);

    const int rows = requireInt(ds, DCM_Rows, path);
    const int columns = requireInt(ds, DCM_Columns, path);
    if (rows <= 0 || columns <= 0)
        fail(path, "empty image (Rows (0028,0010) / Columns (0028,0011))");
    if (const int spp = getInt(ds, DCM_SamplesPerPixel).value_or(1); spp != 1)
        fail(path, "Samples per Pixel (0028,0002) is " + std::to_string(spp) +
                       ": only monochrome images form an intensity volume");
    detail::PixelFormat& fmt = info.format;
    fmt.bitsAllocated = requireInt(ds, DCM_BitsAllocated, path);
    fmt.bitsStored = getInt(ds, DCM_BitsStored).value_or(fmt.bitsAllocated);
    fmt.highBit = getInt(ds, DCM_HighBit).value_or(fmt.bitsStored - 1);
    fmt.isSigned = getInt(ds, DCM_PixelRepresentation).value_or(0) == 1;
    if (fmt.bitsAllocated != 8 && fmt.bitsAllocated != 16 && fmt.bitsAllocated != 32)
        fail(path, "unsupported Bits Allocated (0028,0100) " + std::to_string(fmt.bitsAllocated));
    if (fmt.bitsStored < 1 || fmt.bitsStored > fmt.bitsAllocated ||
        fmt.highBit < fmt.bitsStored - 1 || fmt.highBit >= fmt.bitsAllocated)
        fail(path, "inconsistent Bits Stored (0028,0101) / High Bit (0028,0102)");

    if (auto t = getDouble(ds, DCM_SpacingBetweenSlices); t && *t > 0)
        info.stackSpacing = t;
    else if (auto th = getDouble(ds, DCM_SliceThickness); th && *th > 0)
        info.stackSpacing = th;
    if (info.modality == "PT")
        info.suv = detail::suvConversion(detail::readPetSuvInputs(ds));

    const int frames = std::max(1, getInt(ds, DCM_NumberOfFrames).value_or(1));
    DcmItem* shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    const bool enhanced = firstItem(ds, DCM_PerFrameFunctionalGroupsSequence) != nullptr;
    const std::vector<double> frameOffsets = getDoubles(ds, DCM_GridFrameOffsetVector);
    if (frames > 1 && !enhanced && frameOffsets.size() != static_cast<std::size_t>(frames))
        fail(path, "multi-frame image without per-frame positions (" +
                       detail::tagName(DCM_PerFrameFunctionalGroupsSequence) + " or " +
                       detail::tagName(DCM_GridFrameOffsetVector) + ")");

    for (int k = 0; k < frames; ++k) {
        Frame f;
        f.file = fileIndex;
        f.frame = static_cast<unsigned>(k);
        const std::string where =
            frames > 1 ? path.string() + " frame " + std::to_string(k + 1) : path.string();
        if (enhanced) {
            DcmItem* perFrame = detail::itemAt(ds, DCM_PerFrameFunctionalGroupsSequence,
                                               static_cast<unsigned long>(k));
            if (!perFrame)
                fail(path, detail::tagName(DCM_PerFrameFunctionalGroupsSequence) +
                               " has fewer "
                               "items than Number of Frames (0028,0008)");
            readPlacement(functionalGroup(perFrame, shared, DCM_PlanePositionSequence),
                          functionalGroup(perFrame, shared, DCM_PlaneOrientationSequence),
                          functionalGroup(perFrame, shared, DCM_PixelMeasuresSequence), where, f);
            readRescale(functionalGroup(perFrame, shared, DCM_PixelValueTransformationSequence), f);
        } else {
            readPlacement(&ds, &ds, &ds, where, f);
            readRescale(&ds, f);
            if (frames > 1) { // Grid Frame Offset Vector: offsets along the slice normal
                const Eigen::Vector3d normal =
                    f.placement.rowCosine.cross(f.placement.columnCosine).normalized();
                f.placement.position += frameOffsets[static_cast<std::size_t>(k)] * normal;
            }
        }
        f.placement.rows = rows;
        f.placement.columns = columns;
        info.frames.push_back(std::move(f));
    }
    return info;
}

// Decodes every frame of one file into its slices of the volume.
void readPixels(const FileInfo& info, const std::vector<std::size_t>& sliceOfFrame,
                const std::vector<double>& factorOfFile, std::size_t fileIndex,
                std::size_t sliceSize, Volume& volume) {
    DcmFileFormat ff;
    // Large values stay on disk (read lazily frame by frame below).
    OFCondition status = ff.loadFile(info.path.string().c_str());
    if (status.bad())
        fail(info.path, std::string("cannot read DICOM file (") + status.text() + ")");
    DcmDataset& ds = *ff.getDataset();
    DcmElement* pixelData = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, pixelData).bad() || !pixelData)
        fail(info.path, "missing " + detail::tagName(DCM_PixelData));

    Uint32 frameBytes = 0;
    if (pixelData->getUncompressedFrameSize(&ds, frameBytes).bad())
        fail(info.path, "cannot size a frame of " + detail::tagName(DCM_PixelData));
    const std::size_t cellBytes = static_cast<std::size_t>(info.format.bitsAllocated / 8);
    if (frameBytes < sliceSize * cellBytes)
        fail(info.path, "frame smaller than Rows x Columns");
    std::vector<std::uint8_t> buffer(frameBytes + (frameBytes & 1u));
    Uint32 startFragment = 0;
    DcmFileCache cache;
    // DCMTK 3.6.7's JPEG-LS decoder (its bundled CharLS) is not known to be
    // safe in several threads at once: a CI run under load failed to decode a
    // valid JPEG-LS file ("Invalid compressed image data") that decodes alone.
    // Those files are decoded one at a time; other syntaxes stay parallel.
    static std::mutex jpegLsDecoder;
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    std::unique_lock<std::mutex> serial(jpegLsDecoder, std::defer_lock);
    if (xfer == EXS_JPEGLSLossless || xfer == EXS_JPEGLSLossy)
        serial.lock();
    for (const Frame& f : info.frames) {
        OFString colorModel;
        status =
            pixelData->getUncompressedFrame(&ds, f.frame, startFragment, buffer.data(),
                                            static_cast<Uint32>(buffer.size()), colorModel, &cache);
        if (status.bad())
            fail(info.path, "cannot decode frame " + std::to_string(f.frame + 1) +
                                " (transfer "
                                "syntax " +
                                DcmXfer(ds.getOriginalXfer()).getXferName() +
                                "): " + status.text());
        const std::size_t k = sliceOfFrame[&f - info.frames.data()];
        detail::toValues(buffer.data(), sliceSize, info.format, f.slope, f.intercept,
                         factorOfFile[fileIndex], volume.voxels.data() + k * sliceSize);
    }
}

} // namespace

LoadedSeries loadSeries(const std::vector<fs::path>& files, const LoadOptions& options,
                        const CancelToken* cancel) {
    if (files.empty())
        throw Error("loadSeries: no files given");
    registerCodecs();
    const auto cancelled = [cancel] { return cancel && cancel->isCancelled(); };

    std::vector<FileInfo> infos(files.size());
    parallelFor(
        files.size(), ioWorkerCount(files.size()),
        [&](std::size_t i) { infos[i] = readFileInfo(files[i], i); }, cancelled);
    if (cancelled())
        throw Error("loading the series was cancelled");

    const FileInfo& first = infos.front();
    std::vector<detail::SlicePlacement> placements;
    std::vector<const Frame*> frames;
    for (const auto& info : infos) {
        if (info.seriesInstanceUid != first.seriesInstanceUid)
            fail(info.path, "Series Instance UID " + info.seriesInstanceUid + " differs from " +
                                first.seriesInstanceUid + " of " + first.path.string());
        for (const auto& f : info.frames) {
            placements.push_back(f.placement);
            frames.push_back(&f);
        }
    }

    detail::SliceStack stack = detail::assembleStack(placements, options, first.stackSpacing);

    LoadedSeries out;
    out.seriesInstanceUid = first.seriesInstanceUid;
    out.modality = first.modality;
    out.findings = std::move(stack.findings);

    // Where each frame goes: sliceOfFrame[file][frame] = k.
    std::vector<std::vector<std::size_t>> sliceOfFrame(infos.size());
    for (std::size_t i = 0; i < infos.size(); ++i)
        sliceOfFrame[i].resize(infos[i].frames.size());
    out.sliceSopInstanceUids.resize(frames.size());
    for (std::size_t k = 0; k < stack.order.size(); ++k) {
        const Frame& f = *frames[stack.order[k]];
        sliceOfFrame[f.file][f.frame] = k;
        out.sliceSopInstanceUids[k] = infos[f.file].sopInstanceUid;
    }

    // Intensity unit, and the factor taking each file's rescaled values to it.
    std::vector<double> factorOfFile(infos.size(), 1.0);
    Volume& volume = out.volume;
    const std::string& rescaleType = first.frames.front().rescaleType;
    if (first.modality == "CT") {
        volume.unit = IntensityUnit::HounsfieldUnit;
        volume.unitNote = rescaleType.empty() ? "CT, Rescale Type (0028,1054) absent (HU)"
                                              : "CT, Rescale Type (0028,1054) " + rescaleType;
    } else if (first.modality == "PT") {
        const auto notSuv = std::find_if(infos.begin(), infos.end(), [](const FileInfo& i) {
            return i.suv.unit != IntensityUnit::SuvBodyWeight;
        });
        if (notSuv == infos.end()) {
            for (std::size_t i = 0; i < infos.size(); ++i)
                factorOfFile[i] = infos[i].suv.factor;
            volume.unit = IntensityUnit::SuvBodyWeight;
            volume.unitNote = first.suv.note;
        } else {
            volume.unit = IntensityUnit::RawPetActivity;
            volume.unitNote = notSuv->suv.note + " (" + notSuv->path.string() + ")";
        }
    } else {
        volume.unit = IntensityUnit::RescaledValue;
        volume.unitNote = rescaleType.empty()
                              ? first.modality + ", no Rescale Type (0028,1054)"
                              : first.modality + ", Rescale Type (0028,1054) " + rescaleType;
    }

    volume.geometry = stack.geometry;
    volume.voxels.assign(volume.geometry.voxelCount(), 0.0f);
    const std::size_t sliceSize = static_cast<std::size_t>(volume.geometry.size[0]) *
                                  static_cast<std::size_t>(volume.geometry.size[1]);
    parallelFor(
        infos.size(), ioWorkerCount(infos.size()),
        [&](std::size_t i) {
            readPixels(infos[i], sliceOfFrame[i], factorOfFile, i, sliceSize, volume);
        },
        cancelled);
    if (cancelled())
        throw Error("loading the series was cancelled");
    return out;
}

} // namespace rgw::dicom
