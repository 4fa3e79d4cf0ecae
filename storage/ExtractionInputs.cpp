#include "ExtractionInputs.h"

#include "CohortRepositories.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/Seg.h"
#include "io/dicom/SeriesLoader.h"
#include "io/nifti/Nifti.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace rgw::storage {

namespace {

bool isNiftiFile(const fs::path& path) {
    std::string name = path.filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto endsWith = [&](const std::string& suffix) {
        return name.size() >= suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return endsWith(".nii") || endsWith(".nii.gz");
}

bool isWholeNumber(const std::string& text) {
    return !text.empty() && text.size() < 19 &&
           std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string gridText(const Geometry& g) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "%lldx%lldx%lld voxels of %.4gx%.4gx%.4g mm at (%.4g, %.4g, %.4g)",
                  static_cast<long long>(g.size[0]), static_cast<long long>(g.size[1]),
                  static_cast<long long>(g.size[2]), g.spacing.x(), g.spacing.y(), g.spacing.z(),
                  g.origin.x(), g.origin.y(), g.origin.z());
    return text;
}

/// Whether a file the scan skipped may have been a slice: anything but a
/// file that is not DICOM at all (notes, thumbnails) or a DICOMDIR.
bool mayBeASlice(const dicom::SkippedFile& skipped) {
    return skipped.reason != "not DICOM" && skipped.reason.rfind("DICOMDIR", 0) != 0;
}

/// Refuses a folder with a DICOM file that cannot be read: assembled without
/// it the series would lose a slice (a "gap" naming its neighbours, or worse a
/// silently shorter volume when it was the first or last slice).
void requireNoUnreadableSlices(const fs::path& path, const dicom::ScanResult& scan) {
    std::vector<const dicom::SkippedFile*> broken;
    for (const auto& skipped : scan.skipped)
        if (mayBeASlice(skipped))
            broken.push_back(&skipped);
    if (broken.empty())
        return;
    std::string list;
    const std::size_t shown = std::min<std::size_t>(broken.size(), 3);
    for (std::size_t i = 0; i < shown; ++i)
        list += (i ? "; " : "") + broken[i]->file.string() + " (" + broken[i]->reason + ")";
    if (broken.size() > shown)
        list += "; and " + std::to_string(broken.size() - shown) + " more";
    throw Error("IMAGE " + path.string() + ": " + std::to_string(broken.size()) +
                " DICOM file(s) cannot be read: " + list +
                " — fix or remove them; the series would be incomplete without them");
}

/// The one image series under a DICOM folder (or a file of it).
std::vector<fs::path> dicomImageFiles(const fs::path& path) {
    const dicom::ScanResult scan = dicom::scan({path});
    requireNoUnreadableSlices(path, scan);
    std::map<std::string, std::vector<fs::path>> imageSeries;
    for (const auto& instance : scan.instances)
        if (instance.kind == dicom::ObjectKind::Image)
            imageSeries[instance.seriesInstanceUid].push_back(instance.file);
    if (imageSeries.empty())
        throw Error("IMAGE " + path.string() + " holds no DICOM image series");
    if (imageSeries.size() > 1) {
        std::string uids;
        for (const auto& [uid, files] : imageSeries)
            uids += (uids.empty() ? "" : ", ") + uid;
        throw Error("IMAGE " + path.string() + " holds " + std::to_string(imageSeries.size()) +
                    " image series (" + uids + "): import it and give one Series Instance UID");
    }
    auto& files = imageSeries.begin()->second;
    std::sort(files.begin(), files.end());
    return files;
}

/// A DICOM series as an ImageSource: its headers parsed and kept (planned);
/// reading decodes the whole series or only the window's files and rows.
void locateSeries(const std::vector<fs::path>& files, ImageSource& source) {
    auto plan = std::make_shared<std::optional<dicom::SeriesPlan>>(dicom::planSeries(files));
    source.grid = (*plan)->geometry();
    source.modality = (*plan)->modality();
    source.read = [plan,
                   uid = (*plan)->seriesInstanceUid()](const std::optional<VoxelBox>& window) {
        if (!*plan) // the plan hands its parsed headers over to the one read
            throw Error("DICOM series " + uid + " was read already");
        dicom::SeriesPlan planned = std::move(**plan);
        plan->reset();
        return dicom::readSeries(std::move(planned), window).volume;
    };
}

std::string listNames(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names)
        text += (text.empty() ? "'" : ", '") + n + "'";
    return text;
}

MaskInput rtStructMask(const fs::path& file, const std::string& roi, const Geometry& grid) {
    const dicom::RtStructSet set = dicom::readRtStruct(file);
    std::vector<std::string> names;
    const dicom::RtRoi* chosen = nullptr;
    for (const auto& r : set.rois) {
        names.push_back(r.roiName);
        if (r.roiName == roi)
            chosen = &r;
    }
    if (set.rois.empty())
        throw Error("MASK " + file.string() + " (RTSTRUCT) has no ROI");
    if (roi.empty()) {
        if (set.rois.size() > 1)
            throw Error("MASK " + file.string() + " (RTSTRUCT) has " +
                        std::to_string(set.rois.size()) + " ROIs (" + listNames(names) +
                        "): choose one with --roi NAME");
        chosen = &set.rois.front();
    }
    if (!chosen)
        throw Error("MASK " + file.string() + " (RTSTRUCT) has no ROI '" + roi + "' (it has " +
                    listNames(names) + ")");
    return {dicom::rasterise(*chosen, grid), std::nullopt,
            file.string() + " ROI '" + chosen->roiName + "'", chosen->skippedContours};
}

MaskInput segMask(const fs::path& file, const std::string& roi, const Geometry& grid) {
    const dicom::Segmentation seg = dicom::readSegmentation(file);
    std::vector<std::string> names;
    const dicom::SegSegment* chosen = nullptr;
    for (const auto& s : seg.segments) {
        names.push_back(s.segmentLabel);
        if (s.segmentLabel == roi)
            chosen = &s;
    }
    if (seg.segments.empty())
        throw Error("MASK " + file.string() + " (SEG) has no segment");
    if (roi.empty()) {
        if (seg.segments.size() > 1)
            throw Error("MASK " + file.string() + " (SEG) has " +
                        std::to_string(seg.segments.size()) + " segments (" + listNames(names) +
                        "): choose one with --roi NAME");
        chosen = &seg.segments.front();
    }
    if (!chosen)
        throw Error("MASK " + file.string() + " (SEG) has no segment '" + roi + "' (it has " +
                    listNames(names) + ")");
    try {
        return {dicom::decodeSegment(seg, chosen->segmentNumber, grid),
                std::nullopt,
                file.string() + " segment '" + chosen->segmentLabel + "'",
                {}};
    } catch (const Error& e) {
        throw Error("MASK " + file.string() + " is not on the grid of the image: " + e.what());
    }
}

std::string listLabels(const std::vector<int>& labels) {
    std::string text;
    for (const int l : labels)
        text += (text.empty() ? "" : ", ") + std::to_string(l);
    return text;
}

/// A NIfTI mask: a binary mask, or one label of a label map (read in one
/// pass straight into the mask).
MaskInput niftiMask(const fs::path& file, std::optional<int> label) {
    const std::string name = file.string();
    nifti::LabelMask read = nifti::readLabelMask(file, label);
    if (!read.notALabel.empty()) {
        // Not a label map (fractional or negative values): without --label
        // it is still a mask whose non-zero voxels are inside.
        if (label)
            throw Error(read.notALabel);
        return {std::move(read.mask), std::nullopt, name, {}};
    }
    const std::vector<int>& values = read.labels;
    if (!label) {
        if (values.size() > 1)
            throw Error("MASK " + name + " holds labels " + listLabels(values) +
                        ": choose one with --label");
        // One label (or none: an empty mask, reported by the extractor).
        return {std::move(read.mask), std::nullopt, name, {}};
    }
    if (!std::binary_search(values.begin(), values.end(), *label))
        throw Error("MASK " + name + " holds no label " + std::to_string(*label) +
                    (values.empty() ? std::string(" (it is empty)")
                                    : " (it holds labels " + listLabels(values) + ")"));
    return {std::move(read.mask), std::nullopt, name + " label " + std::to_string(*label), {}};
}

MaskInput databaseMask(Database& db, const ImageSource& image, const std::string& spec) {
    SegmentationRepository segmentations(db);
    std::optional<SegmentationRow> row;
    if (isWholeNumber(spec)) {
        row = segmentations.find(std::stoll(spec));
        if (!row)
            throw InputNotFound("MASK: segmentation " + spec + " is not in " + db.path().string());
        if (row->referencedSeriesInstanceUid != image.seriesInstanceUid)
            throw Error("MASK: segmentation " + spec + " lies on series " +
                        row->referencedSeriesInstanceUid + ", not on IMAGE " +
                        image.seriesInstanceUid);
    } else {
        std::vector<SegmentationRow> matches;
        std::vector<std::string> names;
        for (auto& r : latestVersions(segmentations.listForSeries(image.seriesInstanceUid))) {
            names.push_back(r.roiName);
            if (r.roiName == spec)
                matches.push_back(r);
        }
        if (matches.empty())
            throw InputNotFound("MASK '" + spec +
                                "' is neither a file nor a segmentation of series " +
                                image.seriesInstanceUid +
                                (names.empty() ? std::string(" (it has none)")
                                               : " (its ROIs: " + listNames(names) + ")"));
        if (matches.size() > 1)
            throw Error("MASK: series " + image.seriesInstanceUid + " has " +
                        std::to_string(matches.size()) + " segmentations named '" + spec +
                        "': give the segmentation id");
        row = matches.front();
    }
    MaskInput input;
    input.mask = loadSegmentationMask(db, row->id, image.grid);
    input.segmentationId = row->id;
    input.description = "segmentation " + std::to_string(row->id) + " '" + row->roiName + "'";
    return input;
}

} // namespace

void requireSameGrid(const Geometry& image, const std::string& imageName, const Geometry& mask,
                     const std::string& maskName) {
    if (!mask.sameGrid(image))
        throw Error("MASK " + maskName + " is not on the grid of IMAGE " + imageName + " (mask " +
                    gridText(mask) + ", image " + gridText(image) + ")");
}

ImageSource locateImage(Database* db, const std::string& spec) {
    if (spec.empty())
        throw Error("IMAGE is empty");
    std::error_code ec;
    const fs::path path(spec);
    ImageSource source;
    source.description = spec;
    if (fs::exists(path, ec)) {
        if (fs::is_regular_file(path, ec) && isNiftiFile(path)) {
            source.grid = nifti::readGeometry(path);
            source.read = [path](const std::optional<VoxelBox>& window) {
                return window ? nifti::readVolume(path, *window) : nifti::readVolume(path);
            };
        } else {
            locateSeries(dicomImageFiles(path), source);
        }
        return source;
    }
    if (db && SeriesRepository(*db).find(spec)) {
        locateSeries(imageSeriesFiles(*db, spec), source);
        source.seriesInstanceUid = spec;
        return source;
    }
    throw InputNotFound("IMAGE '" + spec + "' is neither a file or folder nor a series in " +
                        (db ? db->path().string() : std::string("the database")));
}

ImageInput resolveImage(Database* db, const std::string& spec) {
    ImageSource source = locateImage(db, spec);
    ImageInput input;
    input.volume = source.read(std::nullopt);
    input.seriesInstanceUid = std::move(source.seriesInstanceUid);
    input.description = std::move(source.description);
    input.modality = std::move(source.modality);
    return input;
}

MaskInput resolveMask(Database* db, const ImageSource& image, const std::string& spec,
                      const std::string& roi, std::optional<int> label) {
    if (spec.empty())
        throw Error("MASK is empty");
    std::error_code notNifti;
    if (label && !(fs::is_regular_file(spec, notNifti) && isNiftiFile(spec)))
        throw Error("--label " + std::to_string(*label) +
                    " chooses a label of a NIfTI mask; MASK " + spec +
                    " is not a NIfTI file (use --roi for RTSTRUCT/SEG ROIs)");
    std::error_code ec;
    const fs::path path(spec);
    const Geometry& grid = image.grid;
    MaskInput input;
    if (fs::is_regular_file(path, ec)) {
        if (isNiftiFile(path)) {
            input = niftiMask(path, label);
        } else {
            const dicom::InstanceHeader header = dicom::readInstanceHeader(path);
            if (header.kind == dicom::ObjectKind::RtStruct)
                input = rtStructMask(path, roi, grid);
            else if (header.kind == dicom::ObjectKind::Segmentation)
                input = segMask(path, roi, grid);
            else
                throw Error("MASK " + path.string() +
                            " is neither a NIfTI mask nor an RTSTRUCT or SEG object");
        }
    } else if (fs::exists(path, ec)) {
        throw Error("MASK " + path.string() + " is a folder, not a mask file");
    } else if (db && !image.seriesInstanceUid.empty()) {
        input = databaseMask(*db, image, spec);
    } else {
        throw InputNotFound(
            "MASK '" + spec + "' is not a file" +
            (image.seriesInstanceUid.empty()
                 ? std::string(" (segmentation ids and ROI names need a database series "
                               "as IMAGE)")
                 : std::string()));
    }
    requireSameGrid(grid, image.description, input.mask.geometry, input.description);
    return input;
}

MaskInput resolveMask(Database* db, const ImageInput& image, const std::string& spec,
                      const std::string& roi, std::optional<int> label) {
    ImageSource located;
    located.seriesInstanceUid = image.seriesInstanceUid;
    located.description = image.description;
    located.modality = image.modality;
    located.grid = image.volume.geometry;
    return resolveMask(db, located, spec, roi, label);
}

ExtractionWindow readExtractionWindow(const ImageSource& image, Mask&& mask,
                                      const radiomics::Settings& settings) {
    if (!mask.geometry.sameGrid(image.grid))
        throw Error("radiomics: the ROI mask is not on the grid of IMAGE " + image.description);
    const VoxelBox roi = boundingBox(mask);
    const VoxelBox read = radiomics::processing::voxelsRead(image.grid, roi, settings);
    ExtractionWindow out;
    out.window.whole = image.grid;
    for (std::size_t a = 0; a < 3; ++a) {
        out.window.box.lo[a] = std::min(roi.lo[a], read.lo[a]);
        out.window.box.hi[a] = std::max(roi.hi[a], read.hi[a]);
    }
    out.mask = cropImage(mask, out.window.box);
    mask = Mask();
    out.image = image.read(out.window.box);
    return out;
}

} // namespace rgw::storage
