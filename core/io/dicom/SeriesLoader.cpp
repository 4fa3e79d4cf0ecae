#include "io/dicom/SeriesLoader.h"

#include "image/GeometryChecks.h"
#include "image/VoxelBox.h"
#include "image/VoxelChecks.h"
#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/Nesting.h"
#include "io/dicom/detail/PixelValues.h"
#include "io/dicom/detail/SliceStack.h"
#include "io/dicom/detail/SopClass.h"
#include "io/dicom/detail/Suv.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/ResourceBudget.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
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
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>

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
    detail::PetSuvInputs suvInputs;
    detail::SuvConversion suv;
    std::optional<double> stackSpacing; ///< Spacing Between Slices / Slice Thickness
    /// The parsed header, kept from the first pass for the pixel pass so each
    /// file is parsed once; values longer than DCM_MaxReadLength (the pixel
    /// data) stay on disk and are read frame by frame. Released once read
    /// (or with the plan, when a window leaves the file out).
    std::unique_ptr<DcmFileFormat> header;
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

// Image Orientation (Patient) values are direction cosines: finite, |c| <= 1
// (with room for rounding); whether they form two orthogonal unit vectors is
// checked when the stack is assembled.
void requireDirectionCosines(const std::vector<double>& iop, const std::string& where) {
    for (const double c : iop)
        if (!(std::isfinite(c) && std::abs(c) <= 1.0 + 1e-3))
            throw Error(where + ": " + detail::tagName(DCM_ImageOrientationPatient) + " value " +
                        detail::decimalString(c) + " is not a direction cosine");
}

void requirePixelSpacing(const std::vector<double>& spacing, const std::string& where) {
    if (spacing.size() != 2)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_PixelSpacing));
    for (const double s : spacing)
        if (!(std::isfinite(s) && s >= kMinSpacingMm && s <= kMaxSpacingMm))
            throw Error(where + ": " + detail::tagName(DCM_PixelSpacing) + " value " +
                        detail::decimalString(s) + " is not finite or outside [1e-6, 1e6] mm");
}

// Fills position, orientation and spacing from an item holding them directly
// (classic images) or from functional group items (enhanced).
void readPlacement(DcmItem* position, DcmItem* orientation, DcmItem* measures,
                   const std::string& where, Frame& f) {
    const auto ipp =
        position ? getDoubles(*position, DCM_ImagePositionPatient) : std::vector<double>{};
    const auto iop =
        orientation ? getDoubles(*orientation, DCM_ImageOrientationPatient) : std::vector<double>{};
    const auto spacing = measures ? getDoubles(*measures, DCM_PixelSpacing) : std::vector<double>{};
    if (ipp.size() != 3)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_ImagePositionPatient));
    for (const double x : ipp)
        requirePhysicalCoordinate(x, where, detail::tagName(DCM_ImagePositionPatient));
    if (iop.size() != 6)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_ImageOrientationPatient));
    requireDirectionCosines(iop, where);
    requirePixelSpacing(spacing, where);
    f.placement.position = {ipp[0], ipp[1], ipp[2]};
    f.placement.rowCosine = {iop[0], iop[1], iop[2]};
    f.placement.columnCosine = {iop[3], iop[4], iop[5]};
    f.placement.rowSpacing = spacing[0];
    f.placement.columnSpacing = spacing[1];
    f.placement.where = where;
}

// CT and PET values mean nothing without Rescale Slope/Intercept (Type 1 in
// the CT Image and PET Image modules, and in the Pixel Value Transformation
// functional group of their enhanced objects): assuming 1 and 0 would give
// wrong HU or SUVs.
bool rescaleRequired(const std::string& modality) {
    return modality == "CT" || modality == "PT";
}

void readRescale(DcmItem* item, bool required, const std::string& where, Frame& f) {
    const auto slope = item ? getDouble(*item, DCM_RescaleSlope) : std::nullopt;
    const auto intercept = item ? getDouble(*item, DCM_RescaleIntercept) : std::nullopt;
    if (required && !slope)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_RescaleSlope) +
                    " (required for CT and PET values)");
    if (required && !intercept)
        throw Error(where + ": missing or invalid " + detail::tagName(DCM_RescaleIntercept) +
                    " (required for CT and PET values)");
    if (slope && !(std::isfinite(*slope) && *slope != 0.0))
        throw Error(where + ": " + detail::tagName(DCM_RescaleSlope) + " " +
                    detail::decimalString(*slope) + " is not a finite non-zero number");
    if (intercept && !std::isfinite(*intercept))
        throw Error(where + ": " + detail::tagName(DCM_RescaleIntercept) + " " +
                    detail::decimalString(*intercept) + " is not finite");
    f.slope = slope.value_or(1.0);
    f.intercept = intercept.value_or(0.0);
    f.rescaleType = item ? getString(*item, DCM_RescaleType) : std::string();
}

// Rows x Columns x frames of Bits Allocated must be in Pixel Data. For native
// (uncompressed) transfer syntaxes the element length is known without
// loading the value, so a header claiming more is refused before the volume
// is sized from it; encapsulated frames are checked as they are decoded.
void requirePixelDataLength(DcmDataset& ds, const fs::path& path, int rows, int columns, int frames,
                            int bitsAllocated) {
    DcmElement* pixelData = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, pixelData).bad() || !pixelData)
        fail(path, "missing " + detail::tagName(DCM_PixelData));
    if (DcmXfer(ds.getOriginalXfer()).isEncapsulated())
        return;
    const auto cellBytes = static_cast<std::uint64_t>(bitsAllocated / 8);
    const std::uint64_t needed =
        budget::product({static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(columns),
                         static_cast<std::uint64_t>(frames), cellBytes});
    const std::uint64_t length = pixelData->getLength();
    if (needed > length)
        fail(path, detail::tagName(DCM_Rows) + " × " + detail::tagName(DCM_Columns) + " × " +
                       detail::tagName(DCM_NumberOfFrames) + " = " + std::to_string(rows) + " × " +
                       std::to_string(columns) + " × " + std::to_string(frames) + " pixels of " +
                       std::to_string(cellBytes) + " byte(s) (" +
                       detail::tagName(DCM_BitsAllocated) + " " + std::to_string(bitsAllocated) +
                       ") need " + budget::formatBytes(needed) + " but " +
                       detail::tagName(DCM_PixelData) + " holds " + budget::formatBytes(length));
}

bool isJpeg2000(const std::string& uid) {
    return uid == UID_JPEG2000LosslessOnlyTransferSyntax || uid == UID_JPEG2000TransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax;
}

FileInfo readFileInfo(const fs::path& path, std::size_t fileIndex) {
    // Values longer than DCM_MaxReadLength (the pixel data) stay on disk.
    detail::requireBoundedNesting(path);
    auto ff = std::make_unique<DcmFileFormat>();
    const OFCondition status = ff->loadFile(path.string().c_str());
    if (status.bad())
        fail(path, std::string("cannot read DICOM header (") + status.text() + ")");
    DcmDataset& ds = *ff->getDataset();

    std::string xfer = getString(*ff->getMetaInfo(), DCM_TransferSyntaxUID);
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
    if (info.modality == "PT") {
        info.suvInputs = detail::readPetSuvInputs(ds);
        // Units is Type 1 in the PET Series module of (classic) PET images.
        if (sopClass == UID_PositronEmissionTomographyImageStorage && info.suvInputs.units.empty())
            fail(path, "missing " + detail::tagName(DCM_Units) +
                           " (required for PET: without it the values have no unit)");
        info.suv = detail::suvConversion(info.suvInputs);
    }

    const int frames = std::max(1, getInt(ds, DCM_NumberOfFrames).value_or(1));
    requirePixelDataLength(ds, path, rows, columns, frames, fmt.bitsAllocated);
    const bool needsRescale = rescaleRequired(info.modality);
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
            readRescale(functionalGroup(perFrame, shared, DCM_PixelValueTransformationSequence),
                        needsRescale, where, f);
        } else {
            readPlacement(&ds, &ds, &ds, where, f);
            readRescale(&ds, needsRescale, where, f);
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
    info.header = std::move(ff);
    return info;
}

bool isCancelled(const CancelToken* cancel) {
    return cancel && cancel->isCancelled();
}

void throwIfCancelled(const CancelToken* cancel) {
    if (isCancelled(cancel))
        throw Error("loading the series was cancelled");
}

// The header pass: every file parsed once, in parallel.
std::vector<FileInfo> readHeaders(const std::vector<fs::path>& files, const CancelToken* cancel) {
    std::vector<FileInfo> infos(files.size());
    parallelFor(
        files.size(), ioWorkerCount(files.size()),
        [&](std::size_t i) { infos[i] = readFileInfo(files[i], i); },
        [cancel] { return isCancelled(cancel); });
    throwIfCancelled(cancel);
    return infos;
}

void requireOneSeries(const std::vector<FileInfo>& infos) {
    const FileInfo& first = infos.front();
    for (const auto& info : infos)
        if (info.seriesInstanceUid != first.seriesInstanceUid)
            fail(info.path, "Series Instance UID " + info.seriesInstanceUid + " differs from " +
                                first.seriesInstanceUid + " of " + first.path.string());
}

// Every slice of a PET series must carry the same SUV inputs: a slice lacking
// one that another slice has is refused, naming both (when no slice has it,
// the series keeps raw values with a note saying why: an honest unit).
void requireConsistentSuvInputs(const std::vector<FileInfo>& infos) {
    std::map<std::string, const FileInfo*> holder; // attribute -> first file that has it
    std::vector<std::set<std::string>> present(infos.size());
    for (std::size_t i = 0; i < infos.size(); ++i)
        for (auto& name : detail::presentSuvInputs(infos[i].suvInputs)) {
            holder.emplace(name, &infos[i]);
            present[i].insert(std::move(name));
        }
    for (std::size_t i = 0; i < infos.size(); ++i)
        for (const auto& [name, other] : holder)
            if (!present[i].count(name))
                fail(infos[i].path, "missing " + name + ", which " + other->path.string() +
                                        " of the same PET series has (SUV needs it on every "
                                        "slice)");
}

// The intensity unit of a series, and the factor taking each file's rescaled
// values to it.
struct IntensityScale {
    IntensityUnit unit = IntensityUnit::RescaledValue;
    std::string note;
    std::vector<double> factorOfFile;
};

IntensityScale intensityScale(const std::vector<FileInfo>& infos) {
    const FileInfo& first = infos.front();
    const std::string& rescaleType = first.frames.front().rescaleType;
    IntensityScale scale;
    scale.factorOfFile.assign(infos.size(), 1.0);
    if (first.modality == "CT") {
        scale.unit = IntensityUnit::HounsfieldUnit;
        scale.note = rescaleType.empty() ? "CT, Rescale Type (0028,1054) absent (HU)"
                                         : "CT, Rescale Type (0028,1054) " + rescaleType;
    } else if (first.modality == "PT") {
        requireConsistentSuvInputs(infos);
        const auto notSuv = std::find_if(infos.begin(), infos.end(), [](const FileInfo& i) {
            return i.suv.unit != IntensityUnit::SuvBodyWeight;
        });
        if (notSuv == infos.end()) {
            for (std::size_t i = 0; i < infos.size(); ++i)
                scale.factorOfFile[i] = infos[i].suv.factor;
            scale.unit = IntensityUnit::SuvBodyWeight;
            scale.note = first.suv.note;
        } else {
            scale.unit = IntensityUnit::RawPetActivity;
            scale.note = notSuv->suv.note + " (" + notSuv->path.string() + ")";
        }
    } else {
        scale.unit = IntensityUnit::RescaledValue;
        scale.note = rescaleType.empty()
                         ? first.modality + ", no Rescale Type (0028,1054)"
                         : first.modality + ", Rescale Type (0028,1054) " + rescaleType;
    }
    return scale;
}

std::string describeSeries(const std::vector<FileInfo>& infos) {
    const FileInfo& first = infos.front();
    return infos.size() == 1 ? first.path.string()
                             : "DICOM series " + first.seriesInstanceUid + " (the first file " +
                                   first.path.string() + ")";
}

std::string sizeText(const std::array<std::int64_t, 3>& n) {
    return std::to_string(n[0]) + " × " + std::to_string(n[1]) + " × " + std::to_string(n[2]);
}

std::array<std::int64_t, 3> extents(const VoxelBox& box) {
    return {box.extent(0), box.extent(1), box.extent(2)};
}

std::string windowText(const VoxelBox& box) {
    std::string text = "voxel window";
    const char* axes[] = {" i ", ", j ", ", k "};
    for (std::size_t a = 0; a < 3; ++a)
        text += axes[a] + std::to_string(box.lo[a]) + ".." + std::to_string(box.hi[a]);
    return text;
}

void requireWindowInGrid(const VoxelBox& window, const Geometry& grid, const std::string& series) {
    const std::string where = "DICOM series " + series + ": " + windowText(window);
    const std::string size = sizeText(grid.size) + " voxels";
    if (window.empty())
        throw Error(where + " is empty (the grid has " + size + ")");
    if (!wholeBox(grid).contains(window))
        throw Error(where + " is not inside the grid of " + size);
}

// What reading `window` of the series will hold in memory: its float voxels
// and one decoded frame per reading thread.
void requireVolumeMemory(const Geometry& grid, const VoxelBox& window, const FileInfo& first,
                         std::size_t fileCount, std::size_t filesDecoded) {
    const std::uint64_t frameBytes = budget::product(
        {static_cast<std::uint64_t>(grid.size[0]), static_cast<std::uint64_t>(grid.size[1]),
         static_cast<std::uint64_t>(first.format.bitsAllocated / 8)});
    const std::uint64_t bytes =
        budget::sum(budget::product({static_cast<std::uint64_t>(window.extent(0)),
                                     static_cast<std::uint64_t>(window.extent(1)),
                                     static_cast<std::uint64_t>(window.extent(2)), sizeof(float)}),
                    budget::product({frameBytes, ioWorkerCount(filesDecoded)}));
    std::string what = "a volume of " + sizeText(extents(window)) + " voxels";
    if (window != wholeBox(grid))
        what += " (" + windowText(window) + " of the " + sizeText(grid.size) + " grid)";
    budget::requireMemory(bytes,
                          "DICOM series " + first.seriesInstanceUid + " (" +
                              std::to_string(fileCount) + " file(s), the first " +
                              first.path.string() + ")",
                          what);
}

// A frame to decode and the slice of the window it fills.
struct FrameTarget {
    unsigned frame = 0;          ///< index into FileInfo::frames (= frame number in the file)
    std::size_t windowSlice = 0; ///< k - window.lo[2]
};

// The frames of one file that lie in the window, in frame order.
struct FileTargets {
    std::size_t file = 0;
    std::vector<FrameTarget> frames;
};

// The files having a frame in the window's slices, each with those frames.
std::vector<FileTargets> framesInWindow(const std::vector<const Frame*>& frameOfSlice,
                                        std::size_t fileCount, const VoxelBox& window) {
    std::vector<std::vector<FrameTarget>> byFile(fileCount);
    for (std::int64_t k = window.lo[2]; k <= window.hi[2]; ++k) {
        const Frame& f = *frameOfSlice[static_cast<std::size_t>(k)];
        byFile[f.file].push_back({f.frame, static_cast<std::size_t>(k - window.lo[2])});
    }
    std::vector<FileTargets> out;
    for (std::size_t i = 0; i < fileCount; ++i) {
        if (byFile[i].empty())
            continue;
        std::sort(byFile[i].begin(), byFile[i].end(),
                  [](const FrameTarget& a, const FrameTarget& b) { return a.frame < b.frame; });
        out.push_back({i, std::move(byFile[i])});
    }
    return out;
}

// Decodes the frames `targets` of one file and converts the window's rows and
// columns of each into its slice of `out` (which lies on the window).
void readPixels(FileInfo& info, const std::vector<FrameTarget>& targets, double factor,
                const VoxelBox& window, Volume& out) {
    const std::unique_ptr<DcmFileFormat> ff = std::move(info.header);
    DcmDataset& ds = *ff->getDataset();
    OFCondition status;
    DcmElement* pixelData = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, pixelData).bad() || !pixelData)
        fail(info.path, "missing " + detail::tagName(DCM_PixelData));

    const detail::SlicePlacement& plane = info.frames.front().placement;
    const auto frameCells =
        static_cast<std::size_t>(plane.rows) * static_cast<std::size_t>(plane.columns);
    Uint32 frameBytes = 0;
    if (pixelData->getUncompressedFrameSize(&ds, frameBytes).bad())
        fail(info.path, "cannot size a frame of " + detail::tagName(DCM_PixelData));
    const std::size_t cellBytes = static_cast<std::size_t>(info.format.bitsAllocated / 8);
    if (frameBytes < frameCells * cellBytes)
        fail(info.path, "frame smaller than Rows x Columns");
    std::vector<std::uint8_t> buffer(frameBytes + (frameBytes & 1u));
    const detail::FrameRegion region{.frameColumns = static_cast<std::size_t>(plane.columns),
                                     .firstRow = static_cast<std::size_t>(window.lo[1]),
                                     .rowCount = static_cast<std::size_t>(window.extent(1)),
                                     .firstColumn = static_cast<std::size_t>(window.lo[0]),
                                     .columnCount = static_cast<std::size_t>(window.extent(0))};
    const std::size_t windowSliceSize = region.rowCount * region.columnCount;

    // DCMTK's JPEG-LS decoder (its bundled CharLS) is not known to be safe in
    // several threads at once: a CI run under load failed to decode a valid
    // JPEG-LS file ("Invalid compressed image data") that decodes alone.
    // Those files are decoded one at a time; other syntaxes stay parallel.
    static std::mutex jpegLsDecoder;
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    std::unique_lock<std::mutex> serial(jpegLsDecoder, std::defer_lock);
    if (xfer == EXS_JPEGLSLossless || xfer == EXS_JPEGLSLossy)
        serial.lock();
    DcmFileCache cache;
    // Index of the first fragment of `nextFrame` (encapsulated Pixel Data), as
    // DCMTK leaves it after each frame; 0 after a skipped frame lets DCMTK find
    // it from the Basic Offset Table or one fragment per frame.
    Uint32 startFragment = 0;
    unsigned nextFrame = 0;
    for (const FrameTarget& target : targets) {
        const Frame& f = info.frames[target.frame];
        if (f.frame != nextFrame)
            startFragment = 0;
        OFString colorModel;
        status =
            pixelData->getUncompressedFrame(&ds, f.frame, startFragment, buffer.data(),
                                            static_cast<Uint32>(buffer.size()), colorModel, &cache);
        if (status.bad())
            fail(info.path, "cannot decode frame " + std::to_string(f.frame + 1) +
                                " (transfer syntax " + DcmXfer(xfer).getXferName() +
                                "): " + status.text());
        nextFrame = f.frame + 1;
        detail::toValues(buffer.data(), region, info.format, f.slope, f.intercept, factor,
                         out.voxels.data() + target.windowSlice * windowSliceSize);
    }
}

// Non-finite values (a huge Rescale Slope, float pixel data) are refused as
// for NIfTI (image/VoxelChecks.h), naming the first one by its (i, j, k) in
// the series grid and the file it came from.
void requireFiniteValues(const Volume& out, const Geometry& grid, const VoxelBox& window,
                         const std::vector<const Frame*>& frameOfSlice,
                         const std::vector<FileInfo>& infos) {
    FiniteVoxelCheck finite(grid);
    const float* v = out.voxels.data();
    for (std::int64_t k = window.lo[2]; k <= window.hi[2]; ++k)
        for (std::int64_t j = window.lo[1]; j <= window.hi[1]; ++j) {
            const std::size_t rowStart = grid.linearIndex(window.lo[0], j, k);
            for (std::int64_t i = 0; i < window.extent(0); ++i, ++v)
                finite.add(rowStart + static_cast<std::size_t>(i), *v);
        }
    if (finite.count() == 0)
        return;
    const auto k = static_cast<std::size_t>(finite.firstPosition()[2]);
    const Frame& f = *frameOfSlice[k];
    finite.require("DICOM series " + infos[f.file].seriesInstanceUid,
                   " in " + f.placement.where + " (" + detail::tagName(DCM_RescaleSlope) + " " +
                       detail::decimalString(f.slope) + ", " +
                       detail::tagName(DCM_RescaleIntercept) + " " +
                       detail::decimalString(f.intercept) + ")");
}

} // namespace

struct SeriesPlan::State {
    std::vector<FileInfo> files; ///< headers kept for readSeries
    Geometry geometry;
    std::vector<GeometryFinding> findings;
    IntensityScale scale;
    std::vector<const Frame*> frameOfSlice; ///< the frame at slice k (into `files`)
    std::vector<std::string> sliceSopInstanceUids;

    const FileInfo& first() const { return files.front(); }
};

SeriesPlan::SeriesPlan(std::unique_ptr<State> state) : state_(std::move(state)) {}
SeriesPlan::SeriesPlan(SeriesPlan&&) noexcept = default;
SeriesPlan& SeriesPlan::operator=(SeriesPlan&&) noexcept = default;
SeriesPlan::~SeriesPlan() = default;

const Geometry& SeriesPlan::geometry() const {
    return state_->geometry;
}
const std::string& SeriesPlan::modality() const {
    return state_->first().modality;
}
const std::string& SeriesPlan::seriesInstanceUid() const {
    return state_->first().seriesInstanceUid;
}
const std::vector<GeometryFinding>& SeriesPlan::findings() const {
    return state_->findings;
}
IntensityUnit SeriesPlan::unit() const {
    return state_->scale.unit;
}
const std::string& SeriesPlan::unitNote() const {
    return state_->scale.note;
}
const std::vector<std::string>& SeriesPlan::sliceSopInstanceUids() const {
    return state_->sliceSopInstanceUids;
}

SeriesPlan planSeries(const std::vector<fs::path>& files, const LoadOptions& options,
                      const CancelToken* cancel) {
    if (files.empty())
        throw Error("planSeries: no files given");
    auto plan = std::make_unique<SeriesPlan::State>();
    plan->files = readHeaders(files, cancel);
    requireOneSeries(plan->files);

    std::vector<detail::SlicePlacement> placements;
    std::vector<const Frame*> frames;
    for (const auto& info : plan->files)
        for (const auto& f : info.frames) {
            placements.push_back(f.placement);
            frames.push_back(&f);
        }
    detail::SliceStack stack =
        detail::assembleStack(placements, options, plan->first().stackSpacing);
    requirePhysicalGeometry(stack.geometry, describeSeries(plan->files));
    plan->scale = intensityScale(plan->files);

    plan->geometry = stack.geometry;
    plan->findings = std::move(stack.findings);
    for (const std::size_t index : stack.order) {
        const Frame* f = frames[index];
        plan->frameOfSlice.push_back(f);
        plan->sliceSopInstanceUids.push_back(plan->files[f->file].sopInstanceUid);
    }
    return SeriesPlan(std::move(plan));
}

LoadedSeries readSeries(SeriesPlan plan, const std::optional<VoxelBox>& window,
                        const CancelToken* cancel) {
    registerCodecs();
    SeriesPlan::State& p = *plan.state_;
    const VoxelBox box = window.value_or(wholeBox(p.geometry));
    requireWindowInGrid(box, p.geometry, p.first().seriesInstanceUid);
    const std::vector<FileTargets> toDecode = framesInWindow(p.frameOfSlice, p.files.size(), box);
    requireVolumeMemory(p.geometry, box, p.first(), p.files.size(), toDecode.size());

    LoadedSeries out;
    out.seriesInstanceUid = p.first().seriesInstanceUid;
    out.modality = p.first().modality;
    out.findings = std::move(p.findings);
    out.sliceSopInstanceUids = std::move(p.sliceSopInstanceUids);
    out.filesDecoded = toDecode.size();
    Volume& volume = out.volume;
    volume.unit = p.scale.unit;
    volume.unitNote = p.scale.note;
    volume.geometry = cropGeometry(p.geometry, box);
    // Every voxel is written below, but std::vector<float> cannot grow
    // without value-initialising: one memset-like pass over the window.
    volume.voxels.resize(volume.geometry.voxelCount());
    parallelFor(
        toDecode.size(), ioWorkerCount(toDecode.size()),
        [&](std::size_t n) {
            const FileTargets& t = toDecode[n];
            readPixels(p.files[t.file], t.frames, p.scale.factorOfFile[t.file], box, volume);
        },
        [cancel] { return isCancelled(cancel); });
    throwIfCancelled(cancel);

    // Integer pixels with finite Rescale values map to finite floats unless
    // the slope or intercept is huge; only then is the window scanned.
    const auto windowSlices =
        std::span(p.frameOfSlice)
            .subspan(static_cast<std::size_t>(box.lo[2]), static_cast<std::size_t>(box.extent(2)));
    const bool mayHoldNonFinite =
        std::any_of(windowSlices.begin(), windowSlices.end(), [&](const Frame* f) {
            return !detail::alwaysFinite(p.files[f->file].format, f->slope, f->intercept,
                                         p.scale.factorOfFile[f->file]);
        });
    if (mayHoldNonFinite)
        requireFiniteValues(volume, p.geometry, box, p.frameOfSlice, p.files);
    return out;
}

LoadedSeries loadSeries(const std::vector<fs::path>& files, const LoadOptions& options,
                        const CancelToken* cancel) {
    return readSeries(planSeries(files, options, cancel), std::nullopt, cancel);
}

} // namespace rgw::dicom
