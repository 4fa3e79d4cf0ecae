#include "io/dicom/RtStruct.h"

#include "image/GeometryChecks.h"
#include "io/dicom/detail/Nesting.h"
#include "io/roi/PolygonFill.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <map>
#include <set>

namespace rgw::dicom {
namespace {

std::string tagName(const DcmTagKey& key) {
    DcmTag tag(key);
    return std::string(tag.getTagName()) + " " + key.toString().c_str();
}

std::string getString(DcmItem& item, const DcmTagKey& key) {
    OFString value;
    if (item.findAndGetOFStringArray(key, value).bad())
        return {};
    return value.c_str();
}

/// The stored value as one string, without DCMTK's per-value splitting
/// (which is quadratic in the number of values for long Contour Data).
std::string rawString(DcmItem& item, const DcmTagKey& key) {
    DcmElement* element = nullptr;
    char* text = nullptr;
    if (item.findAndGetElement(key, element).bad() || !element || element->getString(text).bad() ||
        !text)
        return {};
    return std::string(text, element->getLength());
}

std::string decimalText(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return text;
}

struct Context {
    std::string file;
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("RTSTRUCT " + file + ": " + what);
    }
};

DcmSequenceOfItems* requireSequence(DcmItem& item, const DcmTagKey& key, const Context& ctx,
                                    const std::string& where) {
    DcmSequenceOfItems* seq = nullptr;
    if (item.findAndGetSequence(key, seq).bad() || seq == nullptr)
        ctx.fail("missing " + tagName(key) + where);
    return seq;
}

int requireInt(DcmItem& item, const DcmTagKey& key, const Context& ctx, const std::string& where) {
    Sint32 value = 0;
    if (item.findAndGetSint32(key, value).bad())
        ctx.fail("missing or invalid " + tagName(key) + where);
    return static_cast<int>(value);
}

/// Parses a DS multi-value (backslash separated) into doubles.
std::vector<double> parseDecimals(const std::string& text, const Context& ctx,
                                  const std::string& where) {
    std::vector<double> values;
    if (text.find_first_not_of(std::string(" \0", 2)) == std::string::npos)
        return values;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\\', start);
        if (end == std::string::npos)
            end = text.size();
        std::size_t a = start, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '+'))
            ++a;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\0'))
            --b;
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(text.data() + a, text.data() + b, v);
        if (a == b || ec != std::errc() || ptr != text.data() + b || !std::isfinite(v))
            ctx.fail("invalid number \"" + text.substr(start, end - start) + "\" in " +
                     tagName(DCM_ContourData) + where);
        values.push_back(v);
        start = end + 1;
    }
    return values;
}

void readContours(DcmItem& roiContour, RtRoi& roi, const Context& ctx, const std::string& where) {
    DcmSequenceOfItems* contours = nullptr;
    // An ROI may legitimately have no contours (e.g. not yet drawn).
    if (roiContour.findAndGetSequence(DCM_ContourSequence, contours).bad() || !contours)
        return;
    std::set<std::string> seenImages;
    for (unsigned long c = 0; c < contours->card(); ++c) {
        DcmItem* contour = contours->getItem(c);
        const std::string at = where + ", contour " + std::to_string(c + 1);
        // Only closed planar contours enclose area; POINT and open contours
        // (markers, lines) are not part of a volume.
        const std::string type = getString(*contour, DCM_ContourGeometricType);
        if (type != "CLOSED_PLANAR")
            continue;
        const std::vector<double> data =
            parseDecimals(rawString(*contour, DCM_ContourData), ctx, at);
        if (data.empty())
            ctx.fail("missing " + tagName(DCM_ContourData) + at);
        if (data.size() % 3 != 0)
            ctx.fail(tagName(DCM_ContourData) + " has " + std::to_string(data.size()) +
                     " values, not a multiple of 3 (x\\y\\z triplets)" + at);
        Sint32 declared = 0;
        if (contour->findAndGetSint32(DCM_NumberOfContourPoints, declared).good() &&
            static_cast<std::size_t>(declared) != data.size() / 3)
            ctx.fail(tagName(DCM_NumberOfContourPoints) + " is " + std::to_string(declared) +
                     " but " + tagName(DCM_ContourData) + " holds " +
                     std::to_string(data.size() / 3) + " points" + at);
        std::vector<std::array<double, 3>> points(data.size() / 3);
        for (std::size_t p = 0; p < points.size(); ++p) {
            points[p] = {data[3 * p], data[3 * p + 1], data[3 * p + 2]};
            for (std::size_t c = 0; c < 3; ++c)
                if (!isPhysicalCoordinate(points[p][c]))
                    ctx.fail(tagName(DCM_ContourData) + " point " + std::to_string(p + 1) + ": " +
                             std::string(1, "xyz"[c]) + " = " + decimalText(points[p][c]) +
                             " mm is outside the physical range ±1e6 mm" + at);
        }
        if (points.size() < 3) {
            // A point or a line encloses no area: say so rather than drop it silently.
            roi.skippedContours.push_back(
                "ROI " + std::to_string(roi.roiNumber) + " '" + roi.roiName + "' contour " +
                std::to_string(c + 1) + ": " + std::to_string(points.size()) +
                (points.size() == 1 ? " point" : " points") +
                ", fewer than the 3 a closed planar contour needs — skipped");
            continue;
        }
        roi.contours.push_back(std::move(points));

        DcmSequenceOfItems* images = nullptr;
        if (contour->findAndGetSequence(DCM_ContourImageSequence, images).good() && images)
            for (unsigned long i = 0; i < images->card(); ++i) {
                const std::string uid =
                    getString(*images->getItem(i), DCM_ReferencedSOPInstanceUID);
                if (!uid.empty() && seenImages.insert(uid).second)
                    roi.contourImageSopInstanceUids.push_back(uid);
            }
    }
}

/// Referenced Frame of Reference Sequence > RT Referenced Study Sequence >
/// RT Referenced Series Sequence > Series Instance UID (first found).
void readReferencedSeries(DcmItem& dataset, RtStructSet& set) {
    DcmSequenceOfItems* frames = nullptr;
    if (dataset.findAndGetSequence(DCM_ReferencedFrameOfReferenceSequence, frames).bad() || !frames)
        return;
    for (unsigned long f = 0; f < frames->card(); ++f) {
        DcmItem* frame = frames->getItem(f);
        const std::string forUid = getString(*frame, DCM_FrameOfReferenceUID);
        if (set.referencedFrameOfReferenceUid.empty())
            set.referencedFrameOfReferenceUid = forUid;
        DcmSequenceOfItems* studies = nullptr;
        if (frame->findAndGetSequence(DCM_RTReferencedStudySequence, studies).bad() || !studies)
            continue;
        for (unsigned long s = 0; s < studies->card(); ++s) {
            DcmSequenceOfItems* series = nullptr;
            if (studies->getItem(s)
                    ->findAndGetSequence(DCM_RTReferencedSeriesSequence, series)
                    .bad() ||
                !series)
                continue;
            for (unsigned long r = 0; r < series->card(); ++r) {
                const std::string uid = getString(*series->getItem(r), DCM_SeriesInstanceUID);
                if (!uid.empty()) {
                    set.referencedSeriesInstanceUid = uid;
                    set.referencedFrameOfReferenceUid = forUid;
                    return;
                }
            }
        }
    }
}

} // namespace

RtStructSet readRtStruct(const std::filesystem::path& path) {
    const Context ctx{path.string()};
    detail::requireBoundedNesting(path);
    DcmFileFormat fileFormat;
    const OFCondition status = fileFormat.loadFile(path.string().c_str());
    if (status.bad())
        ctx.fail(std::string("cannot read as DICOM (") + status.text() + ")");
    DcmDataset& dataset = *fileFormat.getDataset();

    const std::string sopClass = getString(dataset, DCM_SOPClassUID);
    if (sopClass != UID_RTStructureSetStorage)
        ctx.fail("SOP Class UID (0008,0016) is \"" + sopClass +
                 "\", not RT Structure Set Storage (" + UID_RTStructureSetStorage + ")");

    RtStructSet set;
    set.sopInstanceUid = getString(dataset, DCM_SOPInstanceUID);
    readReferencedSeries(dataset, set);

    // Structure Set ROI Sequence: number, name, frame of reference.
    DcmSequenceOfItems* roiSeq = requireSequence(dataset, DCM_StructureSetROISequence, ctx, "");
    std::map<int, std::size_t> byNumber;
    for (unsigned long r = 0; r < roiSeq->card(); ++r) {
        DcmItem* item = roiSeq->getItem(r);
        const std::string where =
            " in " + tagName(DCM_StructureSetROISequence) + " item " + std::to_string(r + 1);
        RtRoi roi;
        roi.roiNumber = requireInt(*item, DCM_ROINumber, ctx, where);
        roi.roiName = getString(*item, DCM_ROIName);
        roi.referencedFrameOfReferenceUid = getString(*item, DCM_ReferencedFrameOfReferenceUID);
        if (!byNumber.emplace(roi.roiNumber, set.rois.size()).second)
            ctx.fail("duplicate " + tagName(DCM_ROINumber) + " " + std::to_string(roi.roiNumber) +
                     where);
        set.rois.push_back(std::move(roi));
    }

    // ROI Contour Sequence: display colour and contours, linked by Referenced ROI Number.
    DcmSequenceOfItems* contourSeq = requireSequence(dataset, DCM_ROIContourSequence, ctx, "");
    for (unsigned long r = 0; r < contourSeq->card(); ++r) {
        DcmItem* item = contourSeq->getItem(r);
        const std::string where =
            " in " + tagName(DCM_ROIContourSequence) + " item " + std::to_string(r + 1);
        const int number = requireInt(*item, DCM_ReferencedROINumber, ctx, where);
        const auto found = byNumber.find(number);
        if (found == byNumber.end())
            ctx.fail(tagName(DCM_ReferencedROINumber) + " " + std::to_string(number) + where +
                     " is not listed in " + tagName(DCM_StructureSetROISequence));
        RtRoi& roi = set.rois[found->second];
        Sint32 rgb[3];
        bool hasColor = true;
        for (unsigned long c = 0; c < 3; ++c)
            hasColor = hasColor && item->findAndGetSint32(DCM_ROIDisplayColor, rgb[c], c).good();
        if (hasColor)
            for (std::size_t c = 0; c < 3; ++c)
                roi.displayColor[c] = std::clamp(static_cast<int>(rgb[c]), 0, 255);
        readContours(*item, roi, ctx, where + " (ROI " + std::to_string(number) + ")");
    }
    return set;
}

Mask rasterise(const RtRoi& roi, const Geometry& grid) {
    Mask mask(grid, 0);
    if (grid.voxelCount() == 0)
        return mask;
    // Polygons per slice, in continuous index coordinates (i, j) of the grid,
    // so oblique grids are handled the same as axial ones.
    std::vector<std::vector<roi::Polygon>> perSlice(static_cast<std::size_t>(grid.size[2]));
    for (const auto& contour : roi.contours) {
        if (contour.size() < 3)
            continue;
        roi::Polygon polygon;
        polygon.reserve(contour.size());
        double kSum = 0.0;
        for (const auto& p : contour) {
            const Eigen::Vector3d index = grid.continuousIndex(Eigen::Vector3d(p[0], p[1], p[2]));
            polygon.push_back({index[0], index[1]});
            kSum += index[2];
        }
        // Nearest slice; a contour more than half a slice outside the grid has
        // none. Written so that a NaN (never a valid slice) is also rejected
        // before the conversion to an index.
        const double k = std::round(kSum / static_cast<double>(contour.size()));
        if (!(k >= 0.0 && k < static_cast<double>(grid.size[2])))
            continue;
        perSlice[static_cast<std::size_t>(k)].push_back(std::move(polygon));
    }
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(grid.size[0]) * static_cast<std::size_t>(grid.size[1]);
    for (std::size_t k = 0; k < perSlice.size(); ++k)
        if (!perSlice[k].empty())
            roi::fillEvenOdd(perSlice[k], static_cast<int>(grid.size[0]),
                             static_cast<int>(grid.size[1]), mask.voxels.data() + k * sliceVoxels);
    return mask;
}

} // namespace rgw::dicom
